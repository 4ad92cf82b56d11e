package dev.engram.session;

import dev.engram.api.SessionsApi;
import dev.engram.api.model.CreateSessionRequest;
import dev.engram.api.model.EndSessionRequest;
import dev.engram.api.model.EndSessionResponse;
import dev.engram.api.model.EndSessionsRequest;
import dev.engram.api.model.EndSessionsResponse;
import dev.engram.api.model.Session;
import dev.engram.api.model.SessionListResponse;
import dev.engram.api.model.UpdateSessionRequest;
import dev.engram.api.model.SessionClassification;
import dev.engram.classify.ClassificationMapper;
import dev.engram.classify.ClassifyService;
import dev.engram.common.Page;
import java.util.List;

/** The session routes of the contract; translation only, the logic is in {@link SessionService}. */
public class SessionResource implements SessionsApi {

    private final SessionService sessions;
    private final SessionMapper mapper;
    private final ClassifyService classify;

    public SessionResource(SessionService sessions, SessionMapper mapper, ClassifyService classify) {
        this.sessions = sessions;
        this.mapper = mapper;
        this.classify = classify;
    }

    @Override
    public Session addSession(CreateSessionRequest request) {
        return mapper.toApi(sessions.create(request.getSessionId(), request.getUserId(), request.getMetadata(),
                request.getFactRatingInstruction()));
    }

    @Override
    public SessionListResponse listSessions(Integer pageNumber, Integer pageSize, String orderBy, Boolean asc,
                                            Integer pageNumberAlias, Integer pageSizeAlias) {
        Page<SessionEntity> page = sessions.list(pageNumber != null ? pageNumber : pageNumberAlias,
                pageSize != null ? pageSize : pageSizeAlias, orderBy, asc);
        List<Session> items = mapper.toApi(page.items());
        return new SessionListResponse().sessions(items).totalCount(page.total()).responseCount(items.size());
    }

    @Override
    public Session getSession(String sessionId) {
        return mapper.toApi(sessions.get(sessionId));
    }

    @Override
    public Session updateSession(String sessionId, UpdateSessionRequest request) {
        UpdateSessionRequest changes = request == null ? new UpdateSessionRequest() : request;
        return mapper.toApi(sessions.update(sessionId, changes.getMetadata(), changes.getFactRatingInstruction()));
    }

    @Override
    public EndSessionResponse endSession(String sessionId, EndSessionRequest request) {
        // Classify first: when classification fails (400, 502) the session is not ended either.
        SessionClassification classification = request == null || request.getClassify() == null ? null
                : ClassificationMapper.toApi(classify.classify(sessionId, ClassificationMapper.toRequest(request.getClassify())));
        return new EndSessionResponse().session(mapper.toApi(sessions.end(sessionId))).classification(classification);
    }

    @Override
    public EndSessionsResponse endSessions(EndSessionsRequest request) {
        return new EndSessionsResponse().sessions(mapper.toApi(sessions.endAll(request.getSessionIds())));
    }
}
