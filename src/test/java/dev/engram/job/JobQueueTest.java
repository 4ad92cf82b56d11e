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
            // was taken exactly once.
            for (Long id : ids) {
                assertTrue(seen.contains(id) ^ flaky.runs(id) > 0, "job " + id + " taken twice or never");
            }
        } finally {
            pool.shutdownNow();
            QuarkusTransaction.requiringNew().run(() -> JobEntity.delete("id in ?1", ids));
        }
    }
}
