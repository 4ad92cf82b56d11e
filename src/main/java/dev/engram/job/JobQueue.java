package dev.engram.job;

import dev.engram.common.EngramConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** The durable job queue in the {@code jobs} table. */
@ApplicationScoped
public class JobQueue {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(JobQueue.class);

    private final EntityManager em;
    private final EngramConfig.Jobs config;
    private final JobSignal signal;

    public JobQueue(EntityManager em, EngramConfig config, JobSignal signal) {
        this.em = em;
        this.config = config.jobs();
        this.signal = signal;
    }

    /**
     * Adds a job in the caller's transaction, so it exists exactly when the caller's data does.
     * Workers of this process are woken once the transaction commits.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public JobEntity enqueue(String kind, Long sessionPk, String payload) {
        JobEntity job = new JobEntity();
        job.kind = kind;
        job.sessionPk = sessionPk;
        job.payload = payload;
        job.status = JobEntity.PENDING;
        job.attempts = 0;
        job.createdAt = now();
        job.updatedAt = job.createdAt;
        job.runAfter = job.createdAt;
        job.persist();
        signal.wakeAfterCommit();
        return job;
    }

    /** Whether a job of this kind is waiting (not yet running) for the session. */
    public boolean hasPending(String kind, Long sessionPk) {
        // Not Panache's count(), which is translated to SQL again on every call.
        return !em.createQuery("select j.id from JobEntity j where j.kind = ?1 and j.sessionPk = ?2 and j.status = ?3", Long.class)
                .setParameter(1, kind).setParameter(2, sessionPk).setParameter(3, JobEntity.PENDING).setMaxResults(1)
                .getResultList().isEmpty();
    }

    /**
     * A job that can be claimed at {@code ?1}: waiting and due, or running with a lease that ran
     * out. One definition for {@link #claim(Long)} and {@link #hasRunnable}, which must agree.
     */
    private static final String RUNNABLE =
            "((status = 'pending' AND run_after <= ?1) OR (status = 'running' AND lease_until < ?1))";

    /** Whether one of the session's jobs could be claimed now (what {@link #claim(Long)} would find), without claiming it. */
    public boolean hasRunnable(Long sessionPk) {
        return !em.createNativeQuery("SELECT id FROM jobs WHERE " + RUNNABLE + " AND session_pk = ?2 FETCH FIRST 1 ROWS ONLY")
                .setParameter(1, now()).setParameter(2, sessionPk).getResultList().isEmpty();
    }

    /**
     * A job as one worker holds it: the claim's attempt number is its fencing token. A later claim
     * of the same job (after this one's lease expired) has a higher number, so a worker can tell
     * that the job is no longer its own.
     */
    public record Claim(long id, int attempt) {
    }

    /**
     * Claims the oldest runnable job: pending and due, or running with an expired lease (its
     * worker died). The row lock with SKIP LOCKED makes concurrent claims pick different jobs.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Long> claim() {
        return claim(null).map(Claim::id);
    }

    /** Like {@link #claim()}, limited to one session's jobs when {@code sessionPk} is given. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Claim> claim(Long sessionPk) {
        OffsetDateTime now = now();
        jakarta.persistence.Query query = em.createNativeQuery("SELECT id FROM jobs WHERE " + RUNNABLE
                        + (sessionPk == null ? "" : " AND session_pk = ?2")
                        + " ORDER BY id FETCH FIRST 1 ROWS ONLY FOR UPDATE SKIP LOCKED")
                .setParameter(1, now);
        if (sessionPk != null) {
            query.setParameter(2, sessionPk);
        }
        @SuppressWarnings("unchecked")
        List<Object> ids = query.getResultList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        long id = ((Number) ids.get(0)).longValue();
        JobEntity job = em.find(JobEntity.class, id);
        if (JobEntity.RUNNING.equals(job.status)) {
            // Worth a line: a replica died (or lost the database) in the middle of this job.
            LOG.infof("job %d (%s): the lease of attempt %d ran out (its worker died or lost the database);"
                    + " taking it over", id, job.kind, job.attempts);
        }
        job.status = JobEntity.RUNNING;
        job.attempts++;
        job.leaseUntil = now.plus(config.lease());
        job.updatedAt = now;
        return Optional.of(new Claim(id, job.attempts));
    }

    /**
     * In the job's own transaction, just before it commits: whether the job is still this
     * claim's, and if so row-locks it until the commit, so no other worker can claim it before
     * the work is committed. False when the job was claimed again (this worker was too slow and
     * its lease ran out, so another worker is doing the same work: only one of the two may
     * commit), was deleted (finished by that other worker, or gone with its session), or is
     * locked right now by someone else (a claim or a deletion in progress). SKIP LOCKED, never
     * waiting: this transaction already holds the rows of the work it did, and waiting here
     * could close a deadlock with a session deletion that waits for those.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean stillHeld(Claim claim) {
        return lockIfHeld(claim);
    }

    /**
     * Extends a running job's lease (the heartbeat of a live worker), so that only a worker that
     * died, or lost its database connection, loses its jobs to other replicas. Never waits for a
     * row lock (see {@link #stillHeld}); a skipped renewal is tried again at the next beat.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean renew(Claim claim) {
        if (!lockIfHeld(claim)) {
            return false;
        }
        OffsetDateTime now = now();
        em.createNativeQuery("UPDATE jobs SET lease_until = ?1, updated_at = ?2 WHERE id = ?3")
                .setParameter(1, now.plus(config.lease())).setParameter(2, now).setParameter(3, claim.id())
                .executeUpdate();
        return true;
    }

    private boolean lockIfHeld(Claim claim) {
        @SuppressWarnings("unchecked")
        List<Object> held = em.createNativeQuery("SELECT id FROM jobs WHERE id = ?1 AND attempts = ?2 AND status = 'running'"
                        + " FOR UPDATE SKIP LOCKED")
                .setParameter(1, claim.id()).setParameter(2, claim.attempt()).getResultList();
        return !held.isEmpty();
    }

    /**
     * A finished job is deleted: the queue only holds work still to do (or parked). Only this
     * claim's: a job claimed again meanwhile is left to the worker that holds it now (its run
     * finds the work done and changes nothing).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void complete(Claim claim) {
        // A statement, not an entity removal: the row may already be gone with its session.
        JobEntity.delete("id = ?1 and attempts = ?2", claim.id(), claim.attempt());
    }

    /**
     * Schedules a retry with exponential back-off, or parks the job after the last attempt.
     * Null when the job is gone, or is no longer this claim's (another worker holds it now).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public JobEntity fail(Claim claim, String error) {
        JobEntity job = JobEntity.findById(claim.id());
        if (job == null || job.attempts != claim.attempt()) {
            return null;
        }
        OffsetDateTime now = now();
        job.lastError = error == null ? "unknown error" : error.length() > 4000 ? error.substring(0, 4000) : error;
        job.updatedAt = now;
        job.leaseUntil = null;
        if (job.attempts >= config.maxAttempts()) {
            job.status = JobEntity.PARKED;
        } else {
            job.status = JobEntity.PENDING;
            Duration delay = config.retryBackoff().multipliedBy(1L << Math.min(20, job.attempts - 1));
            job.runAfter = now.plus(delay);
        }
        return job;
    }

    /** How many jobs are in each status (statuses without jobs are absent). */
    public java.util.Map<String, Long> countByStatus() {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT status, COUNT(*) FROM jobs GROUP BY status").getResultList();
        for (Object[] row : rows) {
            counts.put((String) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }

    /** The parked jobs, newest first, at most {@code max}, each with its session's id (or null). */
    public List<ParkedJob> parked(int max) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT j.id, s.session_id FROM jobs j"
                        + " LEFT JOIN sessions s ON s.id = j.session_pk WHERE j.status = 'parked' ORDER BY j.id DESC")
                .setMaxResults(max).getResultList();
        List<ParkedJob> parked = new java.util.ArrayList<>();
        for (Object[] row : rows) {
            JobEntity job = em.find(JobEntity.class, ((Number) row[0]).longValue());
            if (job != null) {
                parked.add(new ParkedJob(job, (String) row[1]));
            }
        }
        return parked;
    }

    /** A parked job and the id of the session it works on (null for installation-wide jobs). */
    public record ParkedJob(JobEntity job, String sessionId) {
    }

    /**
     * Puts a parked job back in the queue with its attempts reset, due now; empty when there is
     * no such job. A job that is not parked is left alone ({@code retried} false).
     */
    @Transactional
    public Optional<Retry> retry(long id) {
        JobEntity job = JobEntity.findById(id);
        if (job == null) {
            return Optional.empty();
        }
        boolean parked = JobEntity.PARKED.equals(job.status);
        if (parked) {
            OffsetDateTime now = now();
            job.status = JobEntity.PENDING;
            job.attempts = 0;
            job.runAfter = now;
            job.updatedAt = now;
            signal.wakeAfterCommit();
        }
        String sessionId = null;
        if (job.sessionPk != null) {
            List<?> ids = em.createNativeQuery("SELECT session_id FROM sessions WHERE id = ?1")
                    .setParameter(1, job.sessionPk).getResultList();
            sessionId = ids.isEmpty() ? null : (String) ids.get(0);
        }
        return Optional.of(new Retry(job, sessionId, parked));
    }

    /** The outcome of {@link #retry}: the job, its session's id (or null), whether it was parked. */
    public record Retry(JobEntity job, String sessionId, boolean retried) {
    }

    /**
     * Scheduling uses the system clock, never the application {@link dev.engram.common.Clock}: mock mode's
     * deterministic clock advances on every reading, and polling workers must not move it.
     */
    private static OffsetDateTime now() {
        return OffsetDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

}
