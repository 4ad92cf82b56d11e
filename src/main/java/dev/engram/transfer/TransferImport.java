package dev.engram.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.api.model.ImportReport;
import dev.engram.api.model.RoleType;
import dev.engram.common.ApiException;
import dev.engram.common.Clock;
import dev.engram.common.Ids;
import dev.engram.common.JsonText;
import dev.engram.fact.FactEntity;
import dev.engram.fact.FactService;
import dev.engram.index.IndexChanges;
import dev.engram.index.RecordKind;
import dev.engram.index.ReembedJob;
import dev.engram.job.JobEntity;
import dev.engram.job.JobQueue;
import dev.engram.memory.IngestJob;
import dev.engram.message.MessageEntity;
import dev.engram.session.SessionEntity;
import dev.engram.summary.SummaryEntity;
import dev.engram.user.UserEntity;
import dev.engram.validation.UnicodeText;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Stores the records of an export (or of a Zep server's answers in the same shape) with their
 * original uuids and times. A batch is one transaction: all of it is stored or, at the first bad
 * line, nothing (400 naming the line). A record already stored (a user or session by its id, the
 * rest by uuid) is skipped, so a batch sent twice, or an interrupted import run again, stores
 * everything once.
 * <p>
 * Derived data follows as for any write: the search index through the change log, vectors through
 * the re-embedding job (queued after the commit, so that it surely sees the new rows). Messages
 * imported {@code processed} (the default) are not learnt from again, because their facts and
 * summaries are part of the import; messages imported unprocessed get the ingest job that a new
 * message gets.
 */
@ApplicationScoped
public class TransferImport {

    private static final Logger LOG = Logger.getLogger(TransferImport.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() { };
    /** uuids looked up per query when checking which records are stored already. */
    private static final int LOOKUP_CHUNK = 500;

    private final ObjectMapper json;
    private final IndexChanges indexChanges;
    private final JobQueue jobs;
    private final Clock clock;

    public TransferImport(ObjectMapper json, IndexChanges indexChanges, JobQueue jobs, Clock clock) {
        this.json = json;
        this.indexChanges = indexChanges;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** One line of the batch, parsed. */
    private record Line(int number, ObjectNode node, String kind) {
    }

    public ImportReport importLines(String body) {
        String text = body == null ? "" : body;
        List<Line> lines = parse(text);
        Counts counts = QuarkusTransaction.requiringNew().call(() -> store(lines));
        counts.lines = (int) text.lines().count();
        if (counts.needVectors) {
            // After the commit, so that a re-embedding job that runs now finds the new rows.
            QuarkusTransaction.requiringNew().run(() -> {
                if (JobEntity.count("kind = ?1 and status = ?2", ReembedJob.KIND, JobEntity.PENDING) == 0) {
                    jobs.enqueue(ReembedJob.KIND, null, "{}");
                }
            });
        }
        LOG.debugf("import batch: created %s, skipped %s", counts.created, counts.skipped);
        return new ImportReport().lines((long) counts.lines).created(counts.created).skipped(counts.skipped);
    }

    private List<Line> parse(String body) {
        List<Line> lines = new ArrayList<>();
        String[] raw = body.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String text = raw[i].strip();
            if (text.isEmpty()) {
                continue;
            }
            int number = i + 1;
            JsonNode node;
            try {
                node = json.readTree(text);
            } catch (JsonProcessingException e) {
                throw bad(number, "not valid JSON (" + e.getOriginalMessage() + ")");
            }
            if (!(node instanceof ObjectNode object)) {
                throw bad(number, "not a JSON object");
            }
            // What the contract check does for a JSON body: text every database can store.
            List<String> unstorable = UnicodeText.problems(object);
            if (!unstorable.isEmpty()) {
                throw bad(number, String.join("; ", unstorable));
            }
            JsonNode kind = object.get("kind");
            if (kind == null || !kind.isTextual()) {
                throw bad(number, "kind is required (user, session, message, fact, summary or header)");
            }
            lines.add(new Line(number, object, kind.asText()));
        }
        if (lines.isEmpty()) {
            throw ApiException.badRequest("the body holds no records");
        }
        return lines;
    }

    private static final class Counts {
        final Map<String, Long> created = new LinkedHashMap<>();
        final Map<String, Long> skipped = new LinkedHashMap<>();
        int lines;
        boolean needVectors;

        Counts() {
            for (String kind : List.of(TransferRecords.USER, TransferRecords.SESSION, TransferRecords.MESSAGE,
                    TransferRecords.FACT, TransferRecords.SUMMARY)) {
                created.put(kind, 0L);
                skipped.put(kind, 0L);
            }
        }

        void created(String kind) {
            created.merge(kind, 1L, Long::sum);
        }

        void skipped(String kind) {
            skipped.merge(kind, 1L, Long::sum);
        }
    }

    private Counts store(List<Line> lines) {
        Counts counts = new Counts();
        Set<UUID> storedMessages = stored("MessageEntity", uuids(lines, TransferRecords.MESSAGE));
        Set<UUID> storedFacts = stored("FactEntity", uuids(lines, TransferRecords.FACT));
        Set<UUID> storedSummaries = stored("SummaryEntity", uuids(lines, TransferRecords.SUMMARY));
        Map<String, UserEntity> users = new HashMap<>();
        Map<String, SessionEntity> sessions = new HashMap<>();
        List<Long> messages = new ArrayList<>();
        Map<Long, List<Long>> unprocessed = new LinkedHashMap<>();
        List<Long> facts = new ArrayList<>();
        List<Long> summaries = new ArrayList<>();
        for (Line line : lines) {
            ObjectNode r = line.node();
            int n = line.number();
            switch (line.kind()) {
                case TransferRecords.HEADER -> checkHeader(n, r);
                case TransferRecords.USER -> {
                    if (storeUser(n, r, users)) {
                        counts.created(TransferRecords.USER);
                    } else {
                        counts.skipped(TransferRecords.USER);
                    }
                }
                case TransferRecords.SESSION -> {
                    if (storeSession(n, r, users, sessions)) {
                        counts.created(TransferRecords.SESSION);
                    } else {
                        counts.skipped(TransferRecords.SESSION);
                    }
                }
                case TransferRecords.MESSAGE -> {
                    UUID uuid = uuid(n, r, true);
                    SessionEntity session = session(n, r, sessions);
                    if (!storedMessages.add(uuid)) {
                        counts.skipped(TransferRecords.MESSAGE);
                        continue;
                    }
                    MessageEntity m = storeMessage(n, r, uuid, session);
                    messages.add(m.id);
                    if (!m.processed) {
                        unprocessed.computeIfAbsent(session.id, k -> new ArrayList<>()).add(m.id);
                    }
                    counts.created(TransferRecords.MESSAGE);
                }
                case TransferRecords.FACT -> {
                    UUID uuid = uuid(n, r, true);
                    UserEntity user = user(n, r, users);
                    SessionEntity session = text(r, "session_id") == null ? null : session(n, r, sessions);
                    if (session != null && !session.user.id.equals(user.id)) {
                        throw bad(n, "session " + session.sessionId + " belongs to another user than " + user.userId);
                    }
                    if (!storedFacts.add(uuid)) {
                        counts.skipped(TransferRecords.FACT);
                        continue;
                    }
                    facts.add(storeFact(n, r, uuid, user, session).id);
                    counts.created(TransferRecords.FACT);
                }
                case TransferRecords.SUMMARY -> {
                    UUID uuid = uuid(n, r, true);
                    SessionEntity session = session(n, r, sessions);
                    if (!storedSummaries.add(uuid)) {
                        counts.skipped(TransferRecords.SUMMARY);
                        continue;
                    }
                    summaries.add(storeSummary(n, r, uuid, session).id);
                    counts.created(TransferRecords.SUMMARY);
                }
                default -> throw bad(n, "unknown kind '" + line.kind() + "' (user, session, message, fact, summary or header)");
            }
        }
        MessageEntity.getEntityManager().flush();
        indexChanges.changed(RecordKind.MESSAGE, messages);
        indexChanges.changed(RecordKind.FACT, facts);
        indexChanges.changed(RecordKind.SUMMARY, summaries);
        unprocessed.forEach((sessionPk, ids) ->
                jobs.enqueue(IngestJob.KIND, sessionPk, JsonText.write(new IngestJob.Payload(ids, List.of()))));
        counts.needVectors = messages.size() > unprocessed.values().stream().mapToInt(List::size).sum()
                || !facts.isEmpty() || !summaries.isEmpty();
        return counts;
    }

    private static void checkHeader(int n, ObjectNode r) {
        String format = text(r, "format");
        if (format != null && !TransferRecords.FORMAT.equals(format)) {
            throw bad(n, "format '" + format + "' is not " + TransferRecords.FORMAT);
        }
        JsonNode version = r.get("version");
        if (version != null && !version.isNull() && version.asInt() != TransferRecords.VERSION) {
            throw bad(n, "version " + version + " is not supported (this server reads version " + TransferRecords.VERSION + ")");
        }
    }

    /** Stores the user unless one with its {@code user_id} exists; answers whether it stored it. */
    private boolean storeUser(int n, ObjectNode r, Map<String, UserEntity> users) {
        String userId = requiredId(n, r, "user_id");
        var existing = UserEntity.findByUserId(userId);
        if (existing.isPresent()) {
            users.put(userId, existing.get());
            return false;
        }
        UserEntity user = new UserEntity();
        user.uuid = uuidOrNew(n, r, "UserEntity");
        user.userId = userId;
        user.email = text(r, "email");
        user.firstName = text(r, "first_name");
        user.lastName = text(r, "last_name");
        user.metadata = jsonText(n, r, "metadata");
        user.factRatingInstruction = jsonText(n, r, "fact_rating_instruction");
        user.createdAt = time(n, r, "created_at", clock.now());
        user.updatedAt = time(n, r, "updated_at", user.createdAt);
        user.persist();
        users.put(userId, user);
        return true;
    }

    private boolean storeSession(int n, ObjectNode r, Map<String, UserEntity> users, Map<String, SessionEntity> sessions) {
        String sessionId = requiredId(n, r, "session_id");
        var existing = SessionEntity.findBySessionId(sessionId);
        if (existing.isPresent()) {
            sessions.put(sessionId, existing.get());
            return false;
        }
        SessionEntity session = new SessionEntity();
        session.uuid = uuidOrNew(n, r, "SessionEntity");
        session.sessionId = sessionId;
        session.user = user(n, r, users);
        session.metadata = jsonText(n, r, "metadata");
        JsonNode classes = r.get("classifications");
        if (classes != null && !classes.isNull()) {
            try {
                Map<String, String> map = json.convertValue(classes, STRINGS);
                session.classifications = map.isEmpty() ? null : JsonText.write(map);
            } catch (IllegalArgumentException e) {
                throw bad(n, "classifications must be an object of strings");
            }
        }
        session.factRatingInstruction = jsonText(n, r, "fact_rating_instruction");
        session.createdAt = time(n, r, "created_at", clock.now());
        session.updatedAt = time(n, r, "updated_at", session.createdAt);
        session.endedAt = time(n, r, "ended_at", null);
        session.persist();
        sessions.put(sessionId, session);
        return true;
    }

    private MessageEntity storeMessage(int n, ObjectNode r, UUID uuid, SessionEntity session) {
        String content = text(r, "content");
        if (content == null || content.isBlank()) {
            throw bad(n, "content is required and must not be empty");
        }
        String roleType = text(r, "role_type");
        try {
            RoleType.fromValue(roleType);
        } catch (IllegalArgumentException e) {
            throw bad(n, "role_type must be one of norole, system, assistant, user, function, tool (got " + roleType + ")");
        }
        MessageEntity m = new MessageEntity();
        m.uuid = uuid;
        m.sessionPk = session.id;
        m.role = text(r, "role") == null ? "" : text(r, "role");
        m.roleType = roleType;
        m.content = content;
        m.metadata = jsonText(n, r, "metadata");
        m.tokenCount = r.path("token_count").asInt(0);
        JsonNode processed = r.get("processed");
        m.processed = processed == null || processed.isNull() || processed.asBoolean(true);
        m.createdAt = time(n, r, "created_at", clock.now());
        m.updatedAt = time(n, r, "updated_at", m.createdAt);
        m.persist();
        return m;
    }

    private FactEntity storeFact(int n, ObjectNode r, UUID uuid, UserEntity user, SessionEntity session) {
        String content = text(r, "content") != null ? text(r, "content") : text(r, "fact");
        if (content == null || content.isBlank()) {
            throw bad(n, "content (or fact) is required");
        }
        if (content.length() > FactService.MAX_FACT_CHARS) {
            throw bad(n, "the fact is longer than " + FactService.MAX_FACT_CHARS + " characters");
        }
        FactEntity f = new FactEntity();
        f.uuid = uuid;
        f.userPk = user.id;
        f.sessionPk = session == null ? null : session.id;
        f.content = content;
        f.name = text(r, "name");
        JsonNode rating = r.get("rating");
        f.rating = rating == null || !rating.isNumber() ? null : rating.asDouble();
        f.createdAt = time(n, r, "created_at", clock.now());
        f.validAt = time(n, r, "valid_at", null);
        f.invalidAt = time(n, r, "invalid_at", null);
        f.expiredAt = time(n, r, "expired_at", null);
        f.sourceNodeName = text(r, "source_node_name");
        f.targetNodeName = text(r, "target_node_name");
        JsonNode episodes = r.get("episodes");
        if (episodes != null && episodes.isArray() && !episodes.isEmpty()) {
            f.sourceMessageUuid = parseUuid(n, "episodes[0]", episodes.get(0).asText());
        }
        f.persist();
        return f;
    }

    private SummaryEntity storeSummary(int n, ObjectNode r, UUID uuid, SessionEntity session) {
        String content = text(r, "content");
        if (content == null) {
            throw bad(n, "content is required");
        }
        SummaryEntity s = new SummaryEntity();
        s.uuid = uuid;
        s.sessionPk = session.id;
        s.content = content;
        s.tokenCount = r.path("token_count").asInt(0);
        s.metadata = jsonText(n, r, "metadata");
        List<String> related = new ArrayList<>();
        r.path("related_message_uuids").forEach(u -> related.add(u.asText()));
        s.relatedMessageUuids = JsonText.write(related);
        // The summarizer continues after the newest message a summary folded in; without it, it
        // would summarize the whole session again.
        if (!related.isEmpty()) {
            UUID last = parseUuid(n, "related_message_uuids", related.get(related.size() - 1));
            s.lastMessagePk = MessageEntity.<MessageEntity>find("uuid = ?1 and sessionPk = ?2", last, session.id)
                    .firstResultOptional().map(m -> m.id).orElse(null);
        }
        s.createdAt = time(n, r, "created_at", clock.now());
        s.persist();
        return s;
    }

    private static UserEntity user(int n, ObjectNode r, Map<String, UserEntity> users) {
        String userId = requiredId(n, r, "user_id");
        UserEntity user = users.get(userId);
        if (user == null) {
            user = UserEntity.findByUserId(userId)
                    .orElseThrow(() -> bad(n, "user " + userId + " is neither stored nor earlier in the import"));
            users.put(userId, user);
        }
        return user;
    }

    private static SessionEntity session(int n, ObjectNode r, Map<String, SessionEntity> sessions) {
        String sessionId = requiredId(n, r, "session_id");
        SessionEntity session = sessions.get(sessionId);
        if (session == null) {
            session = SessionEntity.findBySessionId(sessionId)
                    .orElseThrow(() -> bad(n, "session " + sessionId + " is neither stored nor earlier in the import"));
            sessions.put(sessionId, session);
        }
        return session;
    }

    /** The uuids of the batch's records of one kind (lines without a valid uuid are reported later). */
    private static List<UUID> uuids(List<Line> lines, String kind) {
        List<UUID> uuids = new ArrayList<>();
        for (Line line : lines) {
            if (kind.equals(line.kind())) {
                try {
                    uuids.add(UUID.fromString(line.node().path("uuid").asText()));
                } catch (IllegalArgumentException notAUuid) {
                    // named with its line when the record is stored
                }
            }
        }
        return uuids;
    }

    /** Which of these uuids are stored already, a chunk per query. */
    private static Set<UUID> stored(String entity, List<UUID> uuids) {
        Set<UUID> found = new HashSet<>();
        for (int i = 0; i < uuids.size(); i += LOOKUP_CHUNK) {
            found.addAll(MessageEntity.getEntityManager()
                    .createQuery("select e.uuid from " + entity + " e where e.uuid in :uuids", UUID.class)
                    .setParameter("uuids", uuids.subList(i, Math.min(uuids.size(), i + LOOKUP_CHUNK))).getResultList());
        }
        return found;
    }

    private static UUID uuid(int n, ObjectNode r, boolean required) {
        String text = text(r, "uuid");
        if (text == null) {
            if (required) {
                throw bad(n, "uuid is required (an import recognises records it has stored by their uuid)");
            }
            return null;
        }
        return parseUuid(n, "uuid", text);
    }

    /** A user's or session's uuid: the record's own, or a new one when it has none or it is taken. */
    private static UUID uuidOrNew(int n, ObjectNode r, String entity) {
        UUID uuid = uuid(n, r, false);
        if (uuid != null && MessageEntity.getEntityManager()
                .createQuery("select count(e) from " + entity + " e where e.uuid = :uuid", Long.class)
                .setParameter("uuid", uuid).getSingleResult() == 0) {
            return uuid;
        }
        return UUID.randomUUID();
    }

    private static UUID parseUuid(int n, String field, String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw bad(n, field + " is not a UUID: " + text);
        }
    }

    private static String requiredId(int n, ObjectNode r, String field) {
        String id = text(r, field);
        try {
            return Ids.requireValid(field, id);
        } catch (ApiException e) {
            throw bad(n, e.getMessage().replaceFirst("^bad request: ", ""));
        }
    }

    private static String text(ObjectNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A JSON object field as the text the entities store; absent or null stays null. */
    private String jsonText(int n, ObjectNode r, String field) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw bad(n, field + " must be an object");
        }
        return JsonText.write(json.convertValue(v, MAP));
    }

    private static OffsetDateTime time(int n, ObjectNode r, String field, OffsetDateTime absent) {
        String text = text(r, field);
        if (text == null || text.isEmpty()) {
            return absent;
        }
        try {
            return Clock.normalize(OffsetDateTime.parse(text));
        } catch (DateTimeParseException withoutOffset) {
            try {
                // Some servers write UTC times without an offset.
                return Clock.normalize(LocalDateTime.parse(text).atOffset(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                throw bad(n, field + " is not an RFC 3339 time: " + text);
            }
        }
    }

    private static ApiException bad(int line, String problem) {
        return ApiException.badRequest("line " + line + ": " + problem);
    }
}
