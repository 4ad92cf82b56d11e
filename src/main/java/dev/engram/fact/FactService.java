package dev.engram.fact;

import dev.engram.index.IndexChanges;
import dev.engram.index.RecordKind;

import dev.engram.common.ApiException;
import dev.engram.common.Clock;
import dev.engram.common.UuidSource;
import dev.engram.common.JsonText;
import dev.engram.job.JobQueue;
import dev.engram.session.SessionEntity;
import dev.engram.session.SessionService;
import dev.engram.user.UserEntity;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Facts about users: stored per session, read per session, per user or one by one. */
@ApplicationScoped
public class FactService {

    /** Longest fact text accepted (the column holds 4,000 characters). */
    public static final int MAX_FACT_CHARS = 4000;

    private final SessionService sessions;
    private final JobQueue jobs;
    private final Clock clock;
    private final UuidSource uuids;

    private final IndexChanges indexChanges;

    public FactService(SessionService sessions, JobQueue jobs, Clock clock, UuidSource uuids, IndexChanges indexChanges) {
        this.indexChanges = indexChanges;
        this.sessions = sessions;
        this.jobs = jobs;
        this.clock = clock;
        this.uuids = uuids;
    }

    /**
     * Adds facts to a session (and so to its user). A text the user already holds as a valid fact
     * (ignoring case, spacing and a final period) is not stored again. The batch is checked whole
     * before anything is written. Embedding and rating follow in the background.
     */
    @Transactional
    public List<FactEntity> add(String sessionId, List<String> texts) {
        SessionEntity session = sessions.getWritable(sessionId);
        if (texts == null || texts.isEmpty()) {
            throw ApiException.badRequest("facts must contain at least one fact");
        }
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                throw ApiException.badRequest("facts[" + i + "].fact is required");
            }
            if (text.length() > MAX_FACT_CHARS) {
                throw ApiException.badRequest("facts[" + i + "].fact is longer than " + MAX_FACT_CHARS + " characters");
            }
        }
        // Serialised per user with fact learning, so the same text cannot slip in twice.
        FactEntity.getEntityManager().lock(session.user, LockModeType.PESSIMISTIC_WRITE);
        Set<String> known = new HashSet<>();
        for (FactEntity f : FactLearning.validFacts(session.user.id)) {
            known.add(FactLearning.normalized(f.content));
        }
        List<FactEntity> stored = new ArrayList<>();
        for (String raw : texts) {
            String text = raw.strip();
            if (!known.add(FactLearning.normalized(text))) {
                continue;
            }
            FactEntity fact = new FactEntity();
            fact.uuid = uuids.next();
            fact.userPk = session.user.id;
            fact.sessionPk = session.id;
            fact.content = text;
            fact.createdAt = clock.now();
            fact.validAt = fact.createdAt;
            fact.persist();
            stored.add(fact);
        }
        if (!stored.isEmpty()) {
            FactEntity.flush();
            indexChanges.changed(RecordKind.FACT, stored.stream().map(f -> f.id).toList());
            jobs.enqueue(FactEnrichJob.KIND, session.id, JsonText.write(
                    new FactEnrichJob.Payload(session.user.id, stored.stream().map(f -> f.id).toList())));
        }
        return stored;
    }

    /** A session's facts, oldest first; with {@code minRating} only facts rated at least that. */
    public List<FactEntity> listForSession(String sessionId, Double minRating) {
        SessionEntity session = sessions.get(sessionId);
        return withMinRating(FactEntity.list("sessionPk", Sort.by("id"), session.id), minRating);
    }

    /** All facts of a user across its sessions, oldest first. */
    public List<FactEntity> listForUser(String userId) {
        UserEntity user = UserEntity.findByUserId(userId).orElseThrow(() -> ApiException.notFound("user " + userId));
        return FactEntity.list("userPk", Sort.by("id"), user.id);
    }

    /** The facts of these ids that still exist, in the order of the ids. */
    /**
     * The user's newest facts still true, newest first: a backward walk of the (user_pk, id)
     * index that stops after {@code limit} valid rows. H2 walks it only when the ORDER BY names
     * both columns and the WHERE bounds id (as for a session's rows: see MessageService.list);
     * ordered by id alone it read all of the user's facts and sorted them, a fifth of
     * memory.get's CPU with 1,000 facts a user.
     */
    public List<FactEntity> newestValid(UserEntity user, int limit) {
        return FactEntity.<FactEntity>find("userPk = ?1 and id > 0 and invalidAt is null", Sort.descending("userPk", "id"), user.id)
                .range(0, Math.max(0, limit - 1)).list();
    }

    public List<FactEntity> inOrder(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        java.util.Map<Long, FactEntity> byId = new java.util.HashMap<>();
        FactEntity.<FactEntity>list("id in ?1", ids).forEach(f -> byId.put(f.id, f));
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    public FactEntity get(String factUuid) {
        return find(factUuid).orElseThrow(() -> ApiException.notFound("fact " + factUuid));
    }

    @Transactional
    public void delete(String factUuid) {
        FactEntity fact = get(factUuid);
        fact.delete();
        indexChanges.changed(RecordKind.FACT, fact.id);
    }

    private static List<FactEntity> withMinRating(List<FactEntity> facts, Double minRating) {
        if (minRating == null) {
            return facts;
        }
        return facts.stream().filter(f -> f.rating != null && f.rating >= minRating).toList();
    }

    private static Optional<FactEntity> find(String factUuid) {
        try {
            return FactEntity.find("uuid", UUID.fromString(factUuid)).firstResultOptional();
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }
}
