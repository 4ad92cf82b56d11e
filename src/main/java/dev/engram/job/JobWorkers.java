package dev.engram.job;

import dev.engram.common.EngramConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Background worker threads: each claims a job, runs its handler in a transaction, and deletes
 * it on success or schedules a retry on failure. Parked jobs are logged as errors.
 */
@ApplicationScoped
public class JobWorkers {

    private static final Logger LOG = Logger.getLogger(JobWorkers.class);

    private final JobQueue queue;
    private final JobSignal signal;
    private final EngramConfig.Jobs config;
    private final Map<String, JobHandler> handlers = new HashMap<>();
    /** How long shutdown waits for running jobs to finish. */
    static final long STOP_GRACE_MILLIS = 10_000;

    private final List<Thread> threads = new ArrayList<>();
    /** Jobs this process is running, whose leases the heartbeat renews. */
    private final java.util.Set<Lease> leases = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private java.util.concurrent.ScheduledExecutorService heartbeat;
    private volatile boolean running;

    public JobWorkers(JobQueue queue, JobSignal signal, EngramConfig config, Instance<JobHandler> handlers) {
        this.queue = queue;
        this.signal = signal;
        this.config = config.jobs();
        for (JobHandler handler : handlers) {
            this.handlers.put(handler.kind(), handler);
        }
    }

    void start(@Observes StartupEvent event) {
        running = true;
        if (config.inline() || config.workers() > 0) {
            // A live worker renews its jobs' leases three times per lease, so a job only moves to
            // another replica when its worker died (or cannot reach the database), however long it runs.
            long beat = Math.max(50, config.lease().toMillis() / 3);
            heartbeat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "engram-job-leases");
                thread.setDaemon(true);
                return thread;
            });
            heartbeat.scheduleWithFixedDelay(this::heartbeat, beat, beat, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        if (config.workers() == 0 && !config.inline()) {
            LOG.info("No background workers (engram.jobs.workers=0): this replica serves the API only;"
                    + " other replicas on the same database do the derived work");
            return;
        }
        if (config.inline()) {
            LOG.infof("Derived work runs inline on the request thread for %s (no background workers)", handlers.keySet());
            return;
        }
        for (int i = 0; i < config.workers(); i++) {
            Thread thread = new Thread(this::loop, "engram-worker-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        LOG.infof("Started %d background worker(s) for %s", config.workers(), handlers.keySet());
    }

    /**
     * Lets the workers finish the job each is running, then returns. Interrupting them at once
     * left the transaction manager to roll back work it was already shutting down under
     * (ARJUNA016045 in the log), and an interrupt during a file write can close H2's file
     * channel. A worker still busy after {@link #STOP_GRACE_MILLIS} is interrupted: its job's
     * transaction rolls back and the job runs again after the next start.
     */
    void stop(@Observes ShutdownEvent event) {
        running = false;
        signal.wake();
        long deadline = System.currentTimeMillis() + STOP_GRACE_MILLIS;
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        List<Thread> busy = threads.stream().filter(Thread::isAlive).toList();
        if (!busy.isEmpty()) {
            LOG.warnf("%d background worker(s) still running a job %d s after shutdown began; interrupting them"
                    + " (their jobs run again after the next start)", busy.size(), STOP_GRACE_MILLIS / 1000);
            busy.forEach(Thread::interrupt);
        }
    }

    private void loop() {
        while (running) {
            try {
                if (!runOne()) {
                    signal.await(config.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (causedBy(e, jakarta.persistence.OptimisticLockException.class)) {
                    // The job row was deleted (with its session or user) between being found and
                    // being claimed: nothing to do, and nothing wrong.
                    LOG.debugf("a job was deleted while being claimed: %s", e);
                    continue;
                }
                // The database may be briefly unavailable; keep the worker alive.
                LOG.warn("background worker could not claim a job", e);
                sleepQuietly();
            }
        }
    }

    /**
     * In inline mode, runs the session's pending jobs (and the jobs they enqueue) now, on the
     * caller's thread, after the caller's transaction has committed. Otherwise does nothing:
     * the background workers will get to them.
     */
    public void runInlineIfConfigured(Long sessionPk) {
        if (config.inline()) {
            runInline(sessionPk);
        }
    }

    /** True when derived work runs on the request thread ({@code engram.jobs.inline}, mock mode). */
    public boolean inline() {
        return config.inline();
    }

    /** Runs the session's pending jobs (and the jobs they enqueue) now, on the caller's thread. */
    public void runInline(Long sessionPk) {
        while (runOne(sessionPk)) {
            // until the session has no runnable job left
        }
    }

    /** Claims and runs one job; false when there was nothing to do. */
    boolean runOne() {
        return runOne(null);
    }

    private boolean runOne(Long sessionPk) {
        Optional<JobQueue.Claim> claimed = queue.claim(sessionPk);
        if (claimed.isEmpty()) {
            return false;
        }
        JobQueue.Claim claim = claimed.get();
        long id = claim.id();
        Lease lease = new Lease(claim);
        leases.add(lease);
        boolean done = false;
        Throwable failure = null;
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                JobEntity job = JobEntity.findById(id);
                if (job == null) {
                    throw new LostClaim(); // gone with its session between the claim and now
                }
                JobHandler handler = handlers.get(job.kind);
                if (handler == null) {
                    throw new IllegalStateException("no handler for job kind " + job.kind);
                }
                handler.handle(job);
                // Flushed here, not at commit: a conflict (a row deleted meanwhile with its session)
                // then fails this job in our own words instead of as a stack trace from the
                // transaction manager's commit.
                JobEntity.getEntityManager().flush();
                // The fence: the work commits only if the job is still this worker's (exactly
                // once in effect when a slow worker's lease ran out and another took the job).
                if (!lease.finish(() -> queue.stillHeld(claim))) {
                    throw new LostClaim();
                }
            });
            done = true;
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            leases.remove(lease);
        }
        if (done) {
            queue.complete(claim);
            return true;
        }
        if (causedBy(failure, LostClaim.class)) {
            // Rolled back: whoever holds the job now does (or did) the work.
            LOG.infof("job %d (attempt %d) was taken over by another worker or deleted; its work was rolled back", id,
                    claim.attempt());
            return true;
        }
        JobEntity failed = queue.fail(claim, describe(failure));
        if (failed == null) {
            // The job row went with its session (deleted while the job ran), or another worker holds it now.
            LOG.debugf("job %d ended with its session or was taken over while it ran (%s)", id, describe(failure));
        } else if (JobEntity.PARKED.equals(failed.status)) {
            LOG.errorf(failure, "job %d (%s) failed %d times and is parked: %s", id, failed.kind, failed.attempts, failed.lastError);
        } else {
            LOG.warnf("job %d (%s) failed (attempt %d), retrying at %s: %s", id, failed.kind, failed.attempts,
                    failed.runAfter, failed.lastError);
        }
        return true;
    }

    /** The job is no longer this worker's: roll its work back, and neither retry nor park it. */
    static final class LostClaim extends RuntimeException {
        LostClaim() {
            super("the job is no longer this worker's", null, false, false);
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A job this process is running. The heartbeat renews its lease until the job's transaction
     * checks, under the same monitor, that it still holds it: the check must not meet the
     * heartbeat's own row lock (it would take it for another worker's and roll back).
     */
    private static final class Lease {
        final JobQueue.Claim claim;
        private boolean finishing;

        Lease(JobQueue.Claim claim) {
            this.claim = claim;
        }

        synchronized void renew(JobQueue queue) {
            if (!finishing) {
                queue.renew(claim);
            }
        }

        synchronized boolean finish(java.util.function.BooleanSupplier stillHeld) {
            finishing = true;
            return stillHeld.getAsBoolean();
        }
    }

    /** Renews the lease of every job this process is running. */
    private void heartbeat() {
        for (Lease lease : leases) {
            try {
                lease.renew(queue);
            } catch (RuntimeException e) {
                LOG.debugf("could not renew the lease of job %d: %s", lease.claim.id(), describe(e));
            }
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
