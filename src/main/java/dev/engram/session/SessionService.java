package dev.engram.session;

import dev.engram.index.IndexChanges;

import dev.engram.common.ApiException;
import dev.engram.common.Clock;
import dev.engram.fact.FactEnrichJob;
import dev.engram.job.JobQueue;
import dev.engram.common.EngramConfig;
import dev.engram.common.Ids;
import dev.engram.common.TransientFailure;
import dev.engram.common.JsonText;
import dev.engram.common.Metadata;
import dev.engram.common.Page;
import dev.engram.common.PageRequest;
import dev.engram.common.UuidSource;
import dev.engram.user.UserEntity;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/** Sessions: creation for an existing user, updates, ending, listing and deletion. */
@ApplicationScoped
public class SessionService {

    private static final Logger LOG = Logger.getLogger(SessionService.class);

    /** Wire names of the columns a session list may be ordered by, to entity fields. */
    private static final Map<String, String> ORDER_COLUMNS = Map.of(
            "created_at", "createdAt",
            "updated_at", "updatedAt",
            "user_id", "user.userId",
            "session_id", "sessionId");

    private final Clock clock;
    private final UuidSource uuids;
    private final EngramConfig config;
    private final JobQueue jobs;

    private final IndexChanges indexChanges;
    private final jakarta.enterprise.event.Event<SessionEnded> ended;

    public SessionService(Clock clock, UuidSource uuids, EngramConfig config, JobQueue jobs, IndexChanges indexChanges, jakarta.enterprise.event.Event<SessionEnded> ended) {
        this.indexChanges = indexChanges;
        this.ended = ended;
        this.clock = clock;
        this.uuids = uuids;
        this.config = config;
        this.jobs = jobs;
    }

    @Transactional
    public SessionEntity create(String sessionId, String userId, Map<String, Object> metadata,
                                Object factRatingInstruction) {
        Ids.requireValid("session_id", sessionId);
        if (userId == null || userId.isEmpty()) {
            throw ApiException.badRequest("user_id is required");
        }
        UserEntity user = UserEntity.findByUserId(userId)
                .orElseThrow(() -> ApiException.badRequest("user not found: " + userId));
        if (SessionEntity.findBySessionId(sessionId).isPresent()) {
            throw ApiException.badRequest("session already exists with session_id: " + sessionId);
        }
        SessionEntity session = new SessionEntity();
        session.uuid = uuids.next();
        session.sessionId = sessionId;
        session.user = user;
        session.metadata = JsonText.write(Metadata.fromCaller(metadata));
        session.factRatingInstruction = JsonText.write(factRatingInstruction);
        session.createdAt = clock.now();
        session.updatedAt = session.createdAt;
        try {
            session.persistAndFlush();
        } catch (org.hibernate.exception.ConstraintViolationException race) {
            // Created by a concurrent request between the check above and this insert.
            throw ApiException.badRequest("session already exists with session_id: " + sessionId);
        }
        LOG.debugf("created session %s for user %s", sessionId, userId);
        return session;
    }

    public SessionEntity get(String sessionId) {
        return SessionEntity.findBySessionId(sessionId)
                .orElseThrow(() -> ApiException.notFound("session " + sessionId));
    }

    /**
     * The session, its row locked until the transaction ends: read-modify-writes of its fields
     * (metadata merges, classifications, ending) by concurrent requests then follow one another
     * instead of overwriting each other's changes.
     */
    SessionEntity getForUpdate(String sessionId) {
        return SessionEntity.<SessionEntity>find("sessionId", sessionId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> ApiException.notFound("session " + sessionId));
    }

    /** A session that may still change: 400 when it has ended (used by writes of memory and facts). */
    public SessionEntity getWritable(String sessionId) {
        SessionEntity session = get(sessionId);
        if (session.isEnded()) {
            throw ApiException.badRequest("session " + sessionId + " has ended and accepts no new data");
        }
        return session;
    }

    @Transactional
    public SessionEntity update(String sessionId, Map<String, Object> metadata, Object factRatingInstruction) {
        SessionEntity session = getForUpdate(sessionId);
        if (session.isEnded()) {
            throw ApiException.conflict("session ended: session has ended");
        }
        session.metadata = JsonText.write(Metadata.merge(JsonText.readMap(session.metadata), metadata));
        if (factRatingInstruction != null) {
            String instruction = JsonText.write(factRatingInstruction);
            if (!instruction.equals(session.factRatingInstruction)) {
                session.factRatingInstruction = instruction;
                // Ratings follow the instruction: the user's facts are rated again in the background.
                FactEnrichJob.enqueueRerate(jobs, session.user.id, session.id);
            }
        }
        session.updatedAt = clock.now();
        return session;
    }

    /** Ends a session; ending an ended session changes nothing (the first end time is kept). */
    @Transactional
    public SessionEntity end(String sessionId) {
        SessionEntity session = getForUpdate(sessionId);
        markEnded(session);
        return session;
    }

    /** Ends every listed session, or none of them when any id is unknown. */
    @Transactional
    public List<SessionEntity> endAll(List<String> sessionIds) {
        if (sessionIds == null || sessionIds.isEmpty()) {
            throw ApiException.badRequest("session_ids must list at least one session");
        }
        Set<String> distinct = new java.util.LinkedHashSet<>(sessionIds);
        Map<String, SessionEntity> found = new LinkedHashMap<>();
        for (SessionEntity s : SessionEntity.<SessionEntity>find("sessionId in ?1", distinct)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list()) {
            found.put(s.sessionId, s);
        }
        List<String> missing = distinct.stream().filter(id -> !found.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw ApiException.notFound("sessions " + String.join(", ", missing) + " (no session was ended)");
        }
        List<SessionEntity> ended = new ArrayList<>();
        for (String id : distinct) {
            SessionEntity session = found.get(id);
            markEnded(session);
            ended.add(session);
        }
        return ended;
    }

    private void markEnded(SessionEntity session) {
        if (!session.isEnded()) {
            session.endedAt = clock.now();
            session.updatedAt = session.endedAt;
            ended.fire(new SessionEnded(session.id));
            LOG.debugf("ended session %s", session.sessionId);
        }
    }

    /** Records a classification result under the classifier's name. */
    @Transactional
    public SessionEntity recordClassification(String sessionId, String name, String chosenClass) {
        SessionEntity session = getForUpdate(sessionId);
        Map<String, String> classes = classifications(session);
        classes.put(name, chosenClass);
        session.classifications = JsonText.write(classes);
        session.updatedAt = clock.now();
        return session;
    }

    public static Map<String, String> classifications(SessionEntity session) {
        Map<String, String> stored = JsonText.read(session.classifications,
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
        return stored == null ? new LinkedHashMap<>() : new LinkedHashMap<>(stored);
    }

    /**
     * Deletes the session with its messages, facts and summaries (by database cascade). The
     * cascade may deadlock with a background job on the same rows; it is then run again.
     */
    public void delete(String sessionId) {
        TransientFailure.retried(() -> {
            SessionEntity session = get(sessionId);
            session.delete();
            indexChanges.sessionDeleted(session.id);
        });
        LOG.debugf("deleted session %s", sessionId);
    }

    public Page<SessionEntity> list(Integer pageNumber, Integer pageSize, String orderBy, Boolean asc) {
        PageRequest page = PageRequest.of(pageNumber, pageSize, config.limits().maxPageSize());
        Sort sort;
        if (orderBy == null || orderBy.isEmpty()) {
            sort = Sort.by("id");
        } else {
            String column = ORDER_COLUMNS.get(orderBy);
            if (column == null) {
                throw ApiException.badRequest("invalid value for order_by: " + orderBy
                        + " (allowed: created_at, updated_at, user_id, session_id)");
            }
            // Ties (equal timestamps or ids of the same user) keep creation order.
            sort = Sort.by(column).and("id");
        }
        Sort.Direction direction = Boolean.TRUE.equals(asc) ? Sort.Direction.Ascending : Sort.Direction.Descending;
        sort.direction(direction);
        List<SessionEntity> sessions = SessionEntity.findAll(sort).range(page.offset(), page.lastIndex()).list();
        return new Page<>(sessions, SessionEntity.count());
    }

    /** The sessions of a user, oldest first; 404 for an unknown user. */
    public List<SessionEntity> listForUser(String userId) {
        UserEntity user = UserEntity.findByUserId(userId)
                .orElseThrow(() -> ApiException.notFound("user " + userId));
        return SessionEntity.list("user", Sort.by("id"), user);
    }
}
