package dev.engram;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.engram.job.JobEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /status (queue, parked jobs, index, models) and POST /jobs/{jobId}/retry. */
@QuarkusTest
class StatusApiTest extends ApiTestSupport {

    /** A job parked after its attempts, as the queue leaves one; run again, it succeeds. */
    private static long parkedJob(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Long sessionPk = ((Number) JobEntity.getEntityManager()
                    .createNativeQuery("SELECT id FROM sessions WHERE session_id = ?1")
                    .setParameter(1, sessionId).getSingleResult()).longValue();
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            JobEntity job = new JobEntity();
            job.kind = "test-flaky";
            job.sessionPk = sessionPk;
            job.payload = "0";
            job.status = JobEntity.PARKED;
            job.attempts = 5;
            job.lastError = "planned failure 5";
            job.createdAt = now;
            job.updatedAt = now;
            job.runAfter = now;
            job.persist();
            return job.id;
        });
    }

    @Test
    void statusNamesTheQueueTheParkedJobsTheIndexAndTheModels() {
        String sessionId = createSession();
        long id = parkedJob(sessionId);
        JsonPath status = getJson("/api/v2/status");
        org.junit.jupiter.api.Assertions.assertTrue(status.getLong("jobs.parked") >= 1, status.prettify());
        api().get("/api/v2/status").then().statusCode(200)
                .body("jobs.pending", greaterThanOrEqualTo(0))
                .body("jobs.running", greaterThanOrEqualTo(0))
                .body("parked_jobs.id", hasItem((int) id))
                .body("parked_jobs.find { it.id == " + id + " }.session_id", equalTo(sessionId))
                .body("parked_jobs.find { it.id == " + id + " }.last_error", equalTo("planned failure 5"))
                .body("parked_jobs.find { it.id == " + id + " }.status", equalTo("parked"))
                .body("index.implementation", notNullValue())
                .body("index.state", notNullValue())
                .body("models.embedder", equalTo("local"))
                .body("models.summarizer", equalTo("local"))
                .body("models.embedding_model", notNullValue());
    }

    @Test
    void aParkedJobIsRetriedOnceAndOnlyWhileParked() {
        String sessionId = createSession();
        long id = parkedJob(sessionId);
        api().post("/api/v2/jobs/{id}/retry", id).then().statusCode(200)
                .body("id", equalTo((int) id))
                .body("status", equalTo("pending"))
                .body("attempts", equalTo(0))
                .body("session_id", equalTo(sessionId));
        // pending or running (409), or already done and gone (404): not retried a second time
        int again = api().post("/api/v2/jobs/{id}/retry", id).then().extract().statusCode();
        org.junit.jupiter.api.Assertions.assertTrue(again == 409 || again == 404, "second retry answered " + again);
        List<Integer> parked = getJson("/api/v2/status").getList("parked_jobs.id");
        org.junit.jupiter.api.Assertions.assertFalse(parked.contains((int) id), "retried job still listed as parked");
    }

    @Test
    void unknownJobsAreNotFound() {
        assertError(api().post("/api/v2/jobs/{id}/retry", "999999999"), 404);
        assertError(api().post("/api/v2/jobs/{id}/retry", "not-a-number"), 404);
    }
}
