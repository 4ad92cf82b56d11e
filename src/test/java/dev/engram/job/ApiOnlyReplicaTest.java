package dev.engram.job;

import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.ApiTestSupport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code engram.jobs.workers=0} makes a replica API-only: it stores what it is sent and queues
 * the derived work, but runs none of it; a worker of another replica (here: a job run by hand,
 * as one would be) then does it, from the database alone.
 */
@QuarkusTest
@TestProfile(ApiOnlyReplicaTest.ApiOnly.class)
class ApiOnlyReplicaTest extends ApiTestSupport {

    public static class ApiOnly extends dev.engram.SuiteProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.jobs.workers", "0");
        }
    }

    private final JobWorkers workers;

    ApiOnlyReplicaTest(JobWorkers workers) {
        this.workers = workers;
    }

    @Test
    void anApiOnlyReplicaQueuesDerivedWorkButRunsNone() throws InterruptedException {
        String sessionId = createSession(createUser());
        addMessages(sessionId, List.of(message("user", "I moved to Lisbon last spring."),
                message("assistant", "Lisbon is lovely in spring.")));
        // Stored, and searchable by its words, at once.
        api().body(Map.of("text", "Lisbon")).post("/api/v2/sessions/{id}/search", sessionId).then().statusCode(200)
                .body("$", hasSize(2));
        // Long enough for a worker to have picked the job up (the test poll interval is 100 ms).
        Thread.sleep(1500);
        api().get("/api/v2/sessions/{id}/messages", sessionId).then().statusCode(200)
                .body("messages.processed", everyItem(is(false)));
        List<JobEntity> queued = QuarkusTransaction.requiringNew().call(() -> JobEntity.<JobEntity>list(
                "sessionPk = (select s.id from SessionEntity s where s.sessionId = ?1)", sessionId));
        assertEquals(1, queued.size(), "the ingest job waits in the queue");
        assertEquals(JobEntity.PENDING, queued.get(0).status);
        assertEquals(0, queued.get(0).attempts, "no worker of this replica touched it");

        // Another replica's worker (the same code, sharing only the database) does the work.
        while (workers.runOne()) {
            // until the queue is empty
        }
        api().get("/api/v2/sessions/{id}/messages", sessionId).then().statusCode(200)
                .body("messages.processed", everyItem(is(true)));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> JobEntity.count(
                "sessionPk = (select s.id from SessionEntity s where s.sessionId = ?1)", sessionId)) == 0);
    }
}
