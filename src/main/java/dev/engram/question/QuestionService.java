package dev.engram.question;

import dev.engram.common.ApiException;
import dev.engram.message.MessageService;
import dev.engram.message.Turn;
import dev.engram.session.SessionEntity;
import dev.engram.session.SessionService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The standalone question behind a session's recent messages. */
@ApplicationScoped
public class QuestionService {

    /** Recent messages condensed when the caller does not say. */
    public static final int DEFAULT_LAST_N = 6;

    private final SessionService sessions;
    private final MessageService messages;
    private final QuestionSynthesizer synthesizer;

    public QuestionService(SessionService sessions, MessageService messages, QuestionSynthesizer synthesizer) {
        this.sessions = sessions;
        this.messages = messages;
        this.synthesizer = synthesizer;
    }

    public String synthesize(String sessionId, Integer lastNMessages) {
        SessionEntity session = sessions.get(sessionId);
        if (lastNMessages != null && lastNMessages < 1) {
            throw ApiException.badRequest("lastNMessages must be at least 1");
        }
        int n = lastNMessages == null ? DEFAULT_LAST_N : lastNMessages;
        List<Turn> recent = messages.lastTurns(session, n);
        if (recent.isEmpty()) {
            throw ApiException.badRequest("session " + sessionId + " has no messages to synthesize a question from");
        }
        return synthesizer.synthesize(recent);
    }
}
