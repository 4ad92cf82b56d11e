package dev.engram.memory;

import dev.engram.common.ApiException;
import dev.engram.fact.FactEntity;
import dev.engram.fact.FactService;
import dev.engram.job.JobWorkers;
import dev.engram.message.MessageEntity;
import dev.engram.message.MessageService;
import dev.engram.session.SessionEntity;
import dev.engram.session.SessionService;
import dev.engram.summary.SummaryEntity;
import dev.engram.summary.SummaryService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Assembles a session's memory: recent messages, relevant facts, context block, latest summary. */
@ApplicationScoped
public class MemoryService {

    /** Messages returned when the caller does not say how many. */
    public static final int DEFAULT_LAST_N = 6;
    /** Facts returned as {@code relevant_facts}. */
    public static final int RELEVANT_FACTS = 5;

    public record SessionMemory(List<MessageEntity> messages, List<FactEntity> relevantFacts, String context,
                                Optional<SummaryEntity> summary) {
    }

    private final SessionService sessions;
    private final MessageService messages;
    private final FactService facts;
    private final SummaryService summaries;
    private final JobWorkers workers;

    public MemoryService(SessionService sessions, MessageService messages, FactService facts, SummaryService summaries,
                         JobWorkers workers) {
        this.workers = workers;
        this.sessions = sessions;
        this.messages = messages;
        this.facts = facts;
        this.summaries = summaries;
    }

    /**
     * Stores a batch of messages; their derived memory is built by the job pipeline (in the
     * background, or before this returns when jobs run inline, as in mock mode).
     */
    public List<MessageEntity> add(String sessionId, List<MessageService.NewMessage> batch, List<String> ignoreRoles) {
        List<MessageEntity> stored = messages.add(sessionId, batch, ignoreRoles);
        workers.runInlineIfConfigured(stored.get(0).sessionPk);
        return stored;
    }

    public SessionMemory get(String sessionId, Integer lastN, Double minRating) {
        if (lastN != null && lastN < 0) {
            throw ApiException.badRequest("lastn must not be negative");
        }
        SessionEntity session = sessions.get(sessionId);
        int n = lastN == null || lastN == 0 ? DEFAULT_LAST_N : lastN;
        List<FactEntity> relevant = relevantFacts(session, minRating);
        return new SessionMemory(messages.lastN(session, n), relevant, ContextBlock.compose(relevant, List.of()),
                summaries.latest(session));
    }

    /** The context block for a session right now (what {@code return_context} answers). */
    public String context(String sessionId) {
        return ContextBlock.compose(relevantFacts(sessions.get(sessionId), null), List.of());
    }

    /**
     * The user's most recent facts. Ranking by relevance to the conversation comes with the
     * embedding pipeline; until then recency is the order.
     */
    private List<FactEntity> relevantFacts(SessionEntity session, Double minRating) {
        List<FactEntity> all = facts.listForUserOf(session, minRating);
        return all.subList(Math.max(0, all.size() - RELEVANT_FACTS), all.size());
    }
}
