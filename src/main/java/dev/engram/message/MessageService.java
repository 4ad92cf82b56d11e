package dev.engram.message;

import dev.engram.index.IndexChanges;
import dev.engram.index.RecordKind;

import dev.engram.common.ApiException;
import dev.engram.common.Clock;
import dev.engram.common.EngramConfig;
import dev.engram.common.JsonText;
import dev.engram.common.Metadata;
import dev.engram.common.Page;
import dev.engram.common.UuidSource;
import dev.engram.session.SessionEntity;
import dev.engram.session.SessionService;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Storing and reading the messages of a session. */
@ApplicationScoped
public class MessageService {

    private static final Logger LOG = Logger.getLogger(MessageService.class);

    /** A message as a caller submits it; only {@code content} and {@code roleType} are required. */
    public record NewMessage(UUID uuid, String role, String roleType, String content,
                             Map<String, Object> metadata, OffsetDateTime createdAt) {
    }

    private final SessionService sessions;
    private final Clock clock;
    private final UuidSource uuids;
    private final EngramConfig config;

    private final IndexChanges indexChanges;

    public MessageService(SessionService sessions, Clock clock, UuidSource uuids, EngramConfig config, IndexChanges indexChanges) {
        this.indexChanges = indexChanges;
        this.sessions = sessions;
        this.clock = clock;
        this.uuids = uuids;
        this.config = config;
    }

    /**
     * Stores a batch of messages in request order, or nothing at all: every message is checked
     * before the first one is written, and a failure names the index of the offending message.
     * What the messages feed into memory is the caller's to start ({@code MemoryService}).
     */
    @Transactional
    public List<MessageEntity> add(String sessionId, List<NewMessage> batch) {
        SessionEntity session = sessions.getWritable(sessionId);
        validate(batch);
        OffsetDateTime now = clock.now();
        List<MessageEntity> stored = new ArrayList<>(batch.size());
        for (NewMessage m : batch) {
            MessageEntity entity = new MessageEntity();
            entity.uuid = m.uuid() != null ? m.uuid() : uuids.next();
            entity.sessionPk = session.id;
            entity.role = m.role() == null ? "" : m.role();
            entity.roleType = m.roleType();
            entity.content = m.content();
            entity.metadata = JsonText.write(Metadata.fromCaller(m.metadata()));
            entity.tokenCount = 0;
            entity.processed = false;
            entity.createdAt = m.createdAt() != null ? Clock.normalize(m.createdAt()) : now;
            entity.updatedAt = now;
            entity.persist();
            stored.add(entity);
        }
        session.updatedAt = now;
        MessageEntity.getEntityManager().flush();
        indexChanges.changed(RecordKind.MESSAGE, stored.stream().map(m -> m.id).toList());
        LOG.debugf("stored %d message(s) in session %s", stored.size(), sessionId);
        return stored;
    }

    private void validate(List<NewMessage> batch) {
        if (batch == null || batch.isEmpty()) {
            throw ApiException.badRequest("messages must contain at least one message");
        }
        int max = config.limits().maxMessagesPerCall();
        if (batch.size() > max) {
            throw ApiException.badRequest("at most " + max + " messages per call (got " + batch.size() + ")");
        }
        int maxChars = config.limits().maxMessageChars();
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            NewMessage m = batch.get(i);
            String where = "messages[" + i + "]";
            if (m == null) {
                throw ApiException.badRequest(where + " must be an object");
            }
            if (m.content() == null) {
                throw ApiException.badRequest(where + ".content is required");
            }
            if (m.roleType() == null) {
                throw ApiException.badRequest(where + ".role_type is required");
            }
            if (m.content().isBlank()) {
                // Nothing to remember or to search for; stored, it would only be noise in every read.
                throw ApiException.badRequest(where + ".content must not be empty or only whitespace");
            }
            int chars = m.content().codePointCount(0, m.content().length());
            if (chars > maxChars) {
                throw ApiException.badRequest(where + ".content has " + chars
                        + " characters, more than the limit of " + maxChars);
            }
            if (m.uuid() != null && (!seen.add(m.uuid()) || MessageEntity.count("uuid", m.uuid()) > 0)) {
                throw ApiException.badRequest(where + ".uuid " + m.uuid() + " already exists");
            }
        }
    }

    /** One page of a session's messages, oldest first; {@code cursor} is a 1-based page number. */
    public Page<MessageEntity> list(String sessionId, Integer limit, Long cursor) {
        SessionEntity session = sessions.get(sessionId);
        if (limit != null && limit < 1) {
            throw ApiException.badRequest("limit must be at least 1");
        }
        // Not Panache's count(), which is translated to SQL again on every call.
        long total = MessageEntity.getEntityManager().createQuery("select count(m) from MessageEntity m where m.sessionPk = ?1",
                Long.class).setParameter(1, session.id).getSingleResult();
        // H2 walks the (session_pk, id) index to the page, instead of reading the whole session and
        // sorting it, only when the ORDER BY names both columns and the WHERE bounds id ("id > 0"
        // holds for every row; without a bound on id H2 takes the foreign key's own index on
        // session_pk). The same goes for every limited read of a session's rows (SessionReadPlansTest).
        var query = MessageEntity.<MessageEntity>find("sessionPk = ?1 and id > 0", Sort.by("sessionPk", "id"), session.id);
        if (limit == null) {
            return new Page<>(query.list(), total);
        }
        long page = cursor == null || cursor < 1 ? 1 : cursor;
        long pages = (total + limit - 1) / limit;
        if (page > pages) {
            // Compared as page numbers: (page - 1) * limit may overflow for a huge cursor.
            return new Page<>(List.of(), total);
        }
        long offset = (page - 1) * limit;
        return new Page<>(query.range((int) offset, (int) Math.min(Integer.MAX_VALUE, offset + limit - 1)).list(), total);
    }

    /** The last {@code n} messages of a session, oldest first. */
    public List<MessageEntity> lastN(SessionEntity session, int n) {
        // n rows read backwards along the index (the ORDER BY and the bound on id: see list)
        List<MessageEntity> newestFirst = MessageEntity.<MessageEntity>find("sessionPk = ?1 and id > 0",
                        Sort.descending("sessionPk", "id"), session.id)
                .range(0, Math.max(0, n - 1)).list();
        List<MessageEntity> result = new ArrayList<>(newestFirst);
        Collections.reverse(result);
        return result;
    }

    /** A message's text and stored vector (null until the pipeline has embedded it), by the model that made it. */
    public record StoredVector(String content, byte[] embedding, String model) {
    }

    /**
     * The text and stored vectors of the last {@code n} messages of a session, in one query (an
     * entity loads its vector lazily, one query per message).
     */
    public List<StoredVector> lastVectors(SessionEntity session, int n) {
        return MessageEntity.getEntityManager().createQuery("select m.content, m.embedding, m.embeddingModel from MessageEntity m"
                        + " where m.sessionPk = ?1 and m.id > 0 order by m.sessionPk desc, m.id desc", Object[].class) // see list
                .setParameter(1, session.id).setMaxResults(Math.max(0, n)).getResultStream()
                .map(row -> new StoredVector((String) row[0], (byte[]) row[1], (String) row[2])).toList();
    }

    /** The last {@code n} messages of a session as the intelligence components see them, oldest first. */
    public List<Turn> lastTurns(SessionEntity session, int n) {
        return lastN(session, n).stream().map(MessageEntity::toTurn).toList();
    }

    public MessageEntity get(String sessionId, String messageUuid) {
        SessionEntity session = sessions.get(sessionId);
        return find(session, messageUuid)
                .orElseThrow(() -> ApiException.notFound("message " + messageUuid + " in session " + sessionId));
    }

    @Transactional
    public MessageEntity updateMetadata(String sessionId, String messageUuid, Map<String, Object> metadata) {
        MessageEntity message = get(sessionId, messageUuid);
        // Locked and read again: concurrent merges into the same message follow one another.
        MessageEntity.getEntityManager().refresh(message, LockModeType.PESSIMISTIC_WRITE);
        message.metadata = JsonText.write(Metadata.merge(JsonText.readMap(message.metadata), metadata));
        message.updatedAt = clock.now();
        indexChanges.changed(RecordKind.MESSAGE, message.id);
        return message;
    }

    private static Optional<MessageEntity> find(SessionEntity session, String messageUuid) {
        UUID uuid;
        try {
            uuid = UUID.fromString(messageUuid);
        } catch (IllegalArgumentException notAUuid) {
            // No message can have an id that is not a UUID.
            return Optional.empty();
        }
        return MessageEntity.find("uuid = ?1 and sessionPk = ?2", uuid, session.id).firstResultOptional();
    }
}
