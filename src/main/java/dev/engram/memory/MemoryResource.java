package dev.engram.memory;

import dev.engram.api.MemoryApi;
import dev.engram.api.model.AddMemoryRequest;
import dev.engram.api.model.AddMemoryResponse;
import dev.engram.api.model.Memory;
import dev.engram.api.model.SuccessResponse;
import dev.engram.fact.FactMapper;
import dev.engram.message.MessageMapper;
import dev.engram.message.MessageService;
import dev.engram.session.SessionService;
import dev.engram.summary.SummaryMapper;
import java.util.List;

/** The memory routes of the contract; translation only. */
public class MemoryResource implements MemoryApi {

    private final MemoryService memory;
    private final SessionService sessions;

    public MemoryResource(MemoryService memory, SessionService sessions) {
        this.memory = memory;
        this.sessions = sessions;
    }

    @Override
    public Memory getMemory(String sessionId, Integer lastn, Double minRating) {
        MemoryService.SessionMemory m = memory.get(sessionId, lastn, minRating);
        return new Memory()
                .messages(MessageMapper.toApi(m.messages()))
                .relevantFacts(FactMapper.toApi(m.relevantFacts()))
                .facts(m.relevantFacts().stream().map(f -> f.content).toList())
                .context(m.context())
                .summary(m.summary().map(SummaryMapper::toApi).orElse(null));
    }

    @Override
    public AddMemoryResponse addMemory(String sessionId, AddMemoryRequest request) {
        List<MessageService.NewMessage> batch = request.getMessages() == null ? null
                : request.getMessages().stream().map(MessageMapper::fromApi).toList();
        List<String> ignoreRoles = request.getIgnoreRoles() == null ? null
                : request.getIgnoreRoles().stream().map(Object::toString).toList();
        memory.add(sessionId, batch, ignoreRoles);
        AddMemoryResponse response = new AddMemoryResponse().message("OK");
        if (Boolean.TRUE.equals(request.getReturnContext())) {
            response.context(memory.contextAfterAdd(sessionId));
        }
        return response;
    }

    @Override
    public SuccessResponse deleteMemory(String sessionId) {
        sessions.delete(sessionId);
        return new SuccessResponse().message("deleted");
    }
}
