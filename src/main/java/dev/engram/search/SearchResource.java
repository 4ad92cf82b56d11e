package dev.engram.search;

import dev.engram.api.SearchApi;
import dev.engram.api.model.MemorySearchPayload;
import dev.engram.api.model.MemorySearchResult;
import dev.engram.api.model.SessionSearchQuery;
import dev.engram.api.model.SessionSearchResponse;
import dev.engram.common.ApiException;
import dev.engram.session.SessionService;
import java.util.List;

/** The search routes: routed and checked, but searching arrives with the embedding pipeline. */
public class SearchResource implements SearchApi {

    private final SessionService sessions;

    public SearchResource(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public SessionSearchResponse searchSessions(SessionSearchQuery query, Integer limit) {
        throw ApiException.notImplemented("POST /sessions/search");
    }

    @Override
    public List<MemorySearchResult> searchMemory(String sessionId, Integer limit, MemorySearchPayload payload) {
        sessions.get(sessionId);
        throw ApiException.notImplemented("POST /sessions/{sessionId}/search");
    }
}
