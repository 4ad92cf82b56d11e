package dev.engram;

import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.common.EngramConfig;
import dev.engram.memory.IngestJob;
import dev.engram.message.MessageEntity;
import dev.engram.session.SessionEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code engram.jobs.inline} (mock mode's setting) derived work is done before the add call
 * answers, except the messages' vectors, which are stored when an answer first needs them. Runs in its own Quarkus restart, so it also proves that the local embedding model
 * (native libraries) loads again after another test profile used it in the same JVM.
 */
@QuarkusTest
@TestProfile(InlineJobsTest.Inline.class)
class InlineJobsTest extends ApiTestSupport {

    @Inject
    EngramConfig config;

    public static class Inline extends dev.engram.SuiteProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.jobs.inline", "true");
        }
    }

    @Test
    void messagesAreProcessedWhenTheAddCallAnswers() {
        String sessionId = createSession(createUser());
        addMessages(sessionId, List.of(message("user", "I moved to Lisbon last spring."),
                message("assistant", "Lisbon is lovely in spring.")));
        api().get("/api/v2/sessions/{id}/messages", sessionId).then().statusCode(200)
                .body("messages", hasSize(2))
                .body("messages.processed", everyItem(is(true)));
    }

    @Test
    void aSummaryDueAfterAnAddIsMadeBeforeTheAddAnswers() {
        String sessionId = createSession(createUser());
        List<Map<String, Object>> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 14; i++) {
            batch.add(i % 2 == 0 ? message("user", "I planted " + (i + 1) + " tomato seedlings in the garden today.")
                    : message("assistant", "That is a good number of seedlings for a small garden."));
        }
        addMessages(sessionId, batch);
        // 14 messages over a window of 12: the summary job the add queued ran before it answered.
        api().get("/api/v2/sessions/{id}/summary", sessionId).then().statusCode(200).body("summaries", hasSize(1));
    }

    @Test
    void aSearchStoresTheVectorsItsTargetLacksAndFindsByMeaning() {
        String sessionId = createSession(createUser());
        addMessages(sessionId, List.of(message("user", "We adopted a golden retriever puppy called Biscuit."),
                message("assistant", "The sailing trip along the coast of Maine sounds wonderful.")));
        assertEquals(List.of(false, false), hasVector(sessionId), "no vector before an answer needs one");

        // No word in common with either message: only the vectors can find it.
        List<String> found = api().body(java.util.Map.of("text", "dog")).queryParam("limit", 1)
                .post("/api/v2/sessions/{id}/search", sessionId).then().statusCode(200)
                .extract().jsonPath().getList("message.content", String.class);
        assertEquals(List.of("We adopted a golden retriever puppy called Biscuit."), found);
        assertEquals(List.of(true, true), hasVector(sessionId));
    }

    @Test
    void aMemoryReadStoresTheRecentVectorsOnlyWhenTheUserHasAFactToRank() {
        String sessionId = createSession(createUser());
        addMessages(sessionId, List.of(message("user", "Pottery class was fun tonight."),
                message("assistant", "What did you make?")));
        api().get("/api/v2/sessions/{id}/memory", sessionId).then().statusCode(200);
        assertEquals(List.of(false, false), hasVector(sessionId), "no fact to rank: no vector needed");

        addFacts(sessionId, "The user makes ceramic bowls.");
        assertEquals(List.of(true), QuarkusTransaction.requiringNew().call(() -> MessageEntity.getEntityManager()
                .createQuery("select f.embedding is not null from FactEntity f, SessionEntity s where f.sessionPk = s.id"
                        + " and s.sessionId = :id", Boolean.class).setParameter("id", sessionId).getResultList()),
                "a fact added through the API is embedded before the answer");
        api().get("/api/v2/sessions/{id}/memory", sessionId).then().statusCode(200)
                .body("relevant_facts.fact", org.hamcrest.Matchers.hasItem("The user makes ceramic bowls."));
        assertEquals(List.of(true, true), hasVector(sessionId));
    }

    @Test
    void aFailureOfTheInlineDerivedWorkKeepsTheBatchWithTheWorkQueued() {
        IngestJob failing = new IngestJob(null, null, null, null, config) {
            @Override
            public void ingest(SessionEntity session, List<MessageEntity> messages, java.util.Collection<String> ignoreRoles) {
                throw new IllegalStateException("fact extraction broke");
            }
        };
        QuarkusMock.installMockForType(failing, IngestJob.class);
        String sessionId = createSession(createUser());
        addMessages(sessionId, List.of(message("user", "I collect stamps."), message("assistant", "Which ones?")));
        assertEquals(List.of("I collect stamps.", "Which ones?"), storedContents(sessionId));
        api().get("/api/v2/sessions/{id}/messages", sessionId).then().statusCode(200)
                .body("messages.processed", everyItem(is(false)));
        assertEquals(1L, (long) QuarkusTransaction.requiringNew().call(() -> MessageEntity.getEntityManager()
                .createQuery("select count(j) from JobEntity j, SessionEntity s where j.sessionPk = s.id and s.sessionId = :id"
                        + " and j.kind = :kind", Long.class).setParameter("id", sessionId).setParameter("kind", IngestJob.KIND)
                .getSingleResult()), "the batch's work is queued, to be retried");
    }

    /** Per message of the session, oldest first: whether its vector is stored. */
    private static List<Boolean> hasVector(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> MessageEntity.getEntityManager()
                .createQuery("select m.embedding is not null from MessageEntity m, SessionEntity s"
                        + " where m.sessionPk = s.id and s.sessionId = :id order by m.id", Boolean.class)
                .setParameter("id", sessionId).getResultList());
    }
}
