package dev.engram.classify;

import dev.engram.common.ApiException;
import dev.engram.message.MessageService;
import dev.engram.message.Turn;
import dev.engram.session.SessionEntity;
import dev.engram.session.SessionService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Classifying a session's recent messages into one of a caller's classes, and remembering it. */
@ApplicationScoped
public class ClassifyService {

    /** Recent messages considered when the caller does not say (the Zep default). */
    public static final int DEFAULT_LAST_N = 4;

    /** What a caller asks: the classifier's name, its classes and how to apply it. */
    public record Request(String name, List<String> classes, String instruction, Integer lastN, Boolean persist) {
    }

    /** The outcome: {@code label} is the classifier's name, {@code chosenClass} one of its classes. */
    public record Classification(String label, String chosenClass) {
    }

    private final SessionService sessions;
    private final MessageService messages;
    private final Classifier classifier;

    public ClassifyService(SessionService sessions, MessageService messages, Classifier classifier) {
        this.sessions = sessions;
        this.messages = messages;
        this.classifier = classifier;
    }

    /**
     * Classifies the last {@code lastN} messages and, unless {@code persist} is false, stores the
     * result in the session's {@code classifications} under the classifier's name (also on an
     * ended session: a classification is derived data, not a change of the conversation).
     */
    public Classification classify(String sessionId, Request request) {
        SessionEntity session = sessions.get(sessionId);
        List<String> classes = validClasses(request);
        int lastN = request.lastN() == null || request.lastN() == 0 ? DEFAULT_LAST_N : request.lastN();
        if (lastN < 0) {
            throw ApiException.badRequest("last_n must not be negative");
        }
        List<Turn> recent = messages.lastTurns(session, lastN);
        if (recent.isEmpty()) {
            throw ApiException.badRequest("session " + sessionId + " has no messages to classify");
        }
        String chosen = classifier.classify(recent, classes, request.instruction());
        if (!Boolean.FALSE.equals(request.persist())) {
            sessions.recordClassification(sessionId, request.name(), chosen);
        }
        return new Classification(request.name(), chosen);
    }

    private static List<String> validClasses(Request request) {
        if (request.name() == null || request.name().isBlank()) {
            throw ApiException.badRequest("name is required (the classifier's name)");
        }
        if (request.classes() == null || request.classes().isEmpty()) {
            throw ApiException.badRequest("classes must list at least one class");
        }
        if (request.classes().stream().anyMatch(c -> c == null || c.isBlank())) {
            throw ApiException.badRequest("classes must not contain empty entries");
        }
        // A repeated class is the same choice; keeping the first keeps tie-breaking stable.
        return new ArrayList<>(new LinkedHashSet<>(request.classes()));
    }
}
