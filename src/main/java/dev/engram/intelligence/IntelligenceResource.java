package dev.engram.intelligence;

import dev.engram.api.IntelligenceApi;
import dev.engram.api.model.ClassifySessionRequest;
import dev.engram.api.model.ExtractDataRequest;
import dev.engram.api.model.Question;
import dev.engram.api.model.SessionClassification;
import dev.engram.common.ApiException;
import dev.engram.session.SessionService;
import java.util.Map;

/** Classify, extract and synthesize: routed and checked, implemented with the local models later. */
public class IntelligenceResource implements IntelligenceApi {

    private final SessionService sessions;

    public IntelligenceResource(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public SessionClassification classifySession(String sessionId, ClassifySessionRequest request) {
        sessions.get(sessionId);
        throw ApiException.notImplemented("POST /sessions/{sessionId}/classify");
    }

    @Override
    public Map<String, String> extractData(String sessionId, ExtractDataRequest request) {
        sessions.get(sessionId);
        throw ApiException.notImplemented("POST /sessions/{sessionId}/extract");
    }

    @Override
    public Question synthesizeQuestion(String sessionId, Integer lastNMessages) {
        sessions.get(sessionId);
        throw ApiException.notImplemented("GET /sessions/{sessionId}/synthesize_question");
    }
}
