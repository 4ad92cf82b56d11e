package dev.engram.extract;

import dev.engram.common.ApiException;
import dev.engram.common.Clock;
import dev.engram.message.MessageService;
import dev.engram.message.Turn;
import dev.engram.session.SessionEntity;
import dev.engram.session.SessionService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Structured extraction over a session's recent messages. */
@ApplicationScoped
public class ExtractService {

    /** Recent messages read when the caller sends 0 (Go's zero value) — the Python SDK's default. */
    public static final int DEFAULT_LAST_N = 4;

    private final SessionService sessions;
    private final MessageService messages;
    private final Extractor extractor;
    private final Clock clock;

    public ExtractService(SessionService sessions, MessageService messages, Extractor extractor, Clock clock) {
        this.sessions = sessions;
        this.messages = messages;
        this.extractor = extractor;
        this.clock = clock;
    }

    /**
     * The fields of {@code modelSchema} found in the last {@code lastN} messages, as strings in
     * their wire form; fields not found are left out (a session without messages gives {}).
     */
    public Map<String, String> extract(String sessionId, Integer lastN, String modelSchema, String currentDateTime) {
        SessionEntity session = sessions.get(sessionId);
        List<ExtractionField> fields = ExtractionSchema.parse(modelSchema);
        OffsetDateTime now = referenceTime(currentDateTime);
        int n = lastN == null || lastN == 0 ? DEFAULT_LAST_N : lastN;
        if (n < 0) {
            throw ApiException.badRequest("last_n must not be negative");
        }
        List<Turn> recent = messages.lastTurns(session, n);
        Map<String, String> result = new LinkedHashMap<>();
        if (recent.isEmpty()) {
            return result;
        }
        Map<String, String> raw = extractor.extract(recent, fields, now);
        for (ExtractionField field : fields) {
            FieldValues.normalize(field, raw.get(field.name()), now).ifPresent(value -> result.put(field.name(), value));
        }
        return result;
    }

    private OffsetDateTime referenceTime(String currentDateTime) {
        if (currentDateTime == null || currentDateTime.isBlank()) {
            return clock.now();
        }
        try {
            return OffsetDateTime.parse(currentDateTime.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("current_date_time must be an RFC 3339 date-time, got: " + currentDateTime);
        }
    }
}
