package dev.engram.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JobQueueTest {

    private final JobQueue queue;
    private final FlakyJob flaky;

    JobQueueTest(JobQueue queue, FlakyJob flaky) {
        this.queue = queue;
        this.flaky = flaky;
    }

    private long enqueue(int failures) {
        return QuarkusTransaction.requiringNew().call(() -> queue.enqueue(FlakyJob.KIND, null, String.valueOf(failures)).id);
    }

    private JobEntity find(long id) {
        return QuarkusTransaction.requiringNew().call(() -> JobEntity.<JobEntity>findById(id));
    }

    private void awaitGoneOrParked(long id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            JobEntity job = find(id);
            if (job == null || JobEntity.PARKED.equals(job.status)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + id + " neither finished nor parked");
    }

    @Test
    void aFailingJobIsRetriedUntilItSucceedsAndThenRemoved() throws InterruptedException {
        long id = enqueue(2);
        awaitGoneOrParked(id);
        assertEquals(null, find(id), "a finished job leaves the queue");
        assertEquals(3, flaky.runs(id), "two failures, then the successful run");
    }

    @Test
    void aJobThatKeepsFailingIsParkedWithItsError() throws InterruptedException {
        long id = enqueue(Integer.MAX_VALUE);
        awaitGoneOrParked(id);
        JobEntity parked = find(id);
        assertNotNull(parked);
        assertEquals(JobEntity.PARKED, parked.status);
        assertEquals(5, parked.attempts);
        assertTrue(parked.lastError.contains("planned failure 5"), parked.lastError);
    }

    /**
     * Concurrent claimers (as several replicas would be) never get the same job: the claim locks
     * the row and skips rows locked by others.
     */
    @Test
    void concurrentClaimsNeverHandOutTheSameJobTwice() throws Exception {
        List<Long> ids = QuarkusTransaction.requiringNew().call(() -> {
            List<Long> created = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                JobEntity job = queue.enqueue(FlakyJob.KIND, null, "0");
                // Not due yet, so that all of them become claimable at the same moment below.
                job.runAfter = job.runAfter.plusHours(1);
                created.add(job.id);
            }
            return created;
        });
        QuarkusTransaction.requiringNew().run(() ->
                JobEntity.update("runAfter = ?1 where id in ?2", java.time.OffsetDateTime.now().minusSeconds(1), ids));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<List<Long>>> claimers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                claimers.add(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (Optional<Long> claimed = queue.claim(); claimed.isPresent(); claimed = queue.claim()) {
                        if (ids.contains(claimed.get())) {
                            mine.add(claimed.get());
                        }
                    }
                    return mine;
                });
            }
            Set<Long> seen = new HashSet<>();
            int total = 0;
            for (Future<List<Long>> result : pool.invokeAll(claimers)) {
                for (Long id : result.get()) {
                    total++;
                    seen.add(id);
                }
            }
            assertEquals(seen.size(), total, "a job was claimed twice");
            // This process's own workers compete for the same rows; between them, every job
            // was taken exactly once. A worker may have claimed a job and not yet run it: wait
            // for that run (on a busy machine it can lag the claim by a while).
            long deadline = System.currentTimeMillis() + 10_000;
            while (ids.stream().anyMatch(id -> !seen.contains(id) && flaky.runs(id) == 0)
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            for (Long id : ids) {
                assertTrue(seen.contains(id) ^ flaky.runs(id) > 0, "job " + id + " taken twice or never");
            }
        } finally {
            pool.shutdownNow();
            QuarkusTransaction.requiringNew().run(() -> JobEntity.delete("id in ?1", ids));
        }
    }

    /**
     * A worker whose lease ran out (it was slow, not dead) while another worker claimed the job
     * again no longer holds it: its work must not commit, it may not renew, fail or complete the
     * job, and the new claim is untouched by its attempts.
     */
    @Test
    void aClaimTakenOverAfterItsLeaseRanOutIsFenced() {
        // Once due, the job is within reach of this process's own workers too; when one of them
        // is quicker than the test's claim, the test starts over with a new job.
        for (int round = 0; round < 5; round++) {
            long id = QuarkusTransaction.requiringNew().call(() -> {
                JobEntity job = queue.enqueue(FlakyJob.KIND, null, "0");
                job.runAfter = job.runAfter.plusHours(1); // out of this process's workers' reach
                return job.id;
            });
            try {
                java.time.OffsetDateTime due = java.time.OffsetDateTime.now().minusSeconds(1);
                QuarkusTransaction.requiringNew().run(() -> JobEntity.update("runAfter = ?1 where id = ?2", due, id));
                JobQueue.Claim first = claimUnlessAWorkerDid(id, 0);
                if (first != null && checkFencing(id, first, due)) {
                    return;
                }
            } finally {
                QuarkusTransaction.requiringNew().run(() -> JobEntity.delete("id", id));
            }
        }
        throw new AssertionError("this process's workers claimed the job first five times");
    }

    /** False when one of this process's workers took the job over before the test could. */
    private boolean checkFencing(long id, JobQueue.Claim first, java.time.OffsetDateTime due) {
        assertTrue(queue.renew(first), "the holder renews its lease");
        // Its lease runs out: the next claim takes the job over.
        QuarkusTransaction.requiringNew().run(() -> JobEntity.update("leaseUntil = ?1 where id = ?2", due, id));
        JobQueue.Claim second = claimUnlessAWorkerDid(id, first.attempt());
        if (second == null) {
            return false;
        }
        assertEquals(first.attempt() + 1, second.attempt());

        assertTrue(!QuarkusTransaction.requiringNew().call(() -> queue.stillHeld(first)), "the first claim is fenced off");
        assertTrue(!queue.renew(first), "a lost claim cannot renew the lease");
        assertEquals(null, queue.fail(first, "late failure"), "a lost claim cannot fail the job");
        queue.complete(first);
        JobEntity job = find(id);
        assertNotNull(job, "a lost claim cannot complete the job");
        assertEquals(JobEntity.RUNNING, job.status);
        assertEquals(second.attempt(), job.attempts);

        assertTrue(QuarkusTransaction.requiringNew().call(() -> queue.stillHeld(second)), "the new claim holds it");
        queue.complete(second);
        assertEquals(null, find(id));
        return true;
    }

    /**
     * The test's claim of this job, or null when one of this process's workers claimed it first
     * (it has more than {@code attemptsBefore} attempts, or is done and gone).
     */
    private JobQueue.Claim claimUnlessAWorkerDid(long id, int attemptsBefore) {
        // A worker's claim locks the row before it commits: until then the test's claim skips
        // the row and still reads the old attempt count. Look again until either is visible.
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                return claimExactly(id);
            } catch (AssertionError e) {
                JobEntity job = find(id);
                if (job == null || job.attempts > attemptsBefore) {
                    return null;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Claims until this job comes up; other tests' jobs claimed on the way are handed back at once. */
    private JobQueue.Claim claimExactly(long id) {
        List<Long> others = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                Optional<JobQueue.Claim> claim = queue.claim(null);
                if (claim.isEmpty()) {
                    break;
                }
                if (claim.get().id() == id) {
                    return claim.get();
                }
                others.add(claim.get().id());
            }
            throw new AssertionError("job " + id + " could not be claimed");
        } finally {
            if (!others.isEmpty()) {
                QuarkusTransaction.requiringNew().run(() -> JobEntity.update(
                        "status = ?1, leaseUntil = null where id in ?2", JobEntity.PENDING, others));
            }
        }
    }
}
