package dev.engram.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.engram.ApiTestSupport;
import dev.engram.embedding.Embedder;
import dev.engram.message.MessageEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A change of embedding model: vectors tagged with another model are re-embedded in the
 * background, the index takes the new vectors, and search finds the records by meaning again.
 */
@QuarkusTest
class ReembedJobTest extends ApiTestSupport {

    @Inject
    ReembedJob reembed;

    @Inject
    Embedder embedder;

    @Inject
    IndexChanges changes;

    @Inject
    SearchIndex index;

    @Test
    void vectorsOfAnotherModelAreReplaced() throws Exception {
        String sessionId = createSession();
        addMessages(sessionId, List.of(message("user", "I moved to Lisbon last month."),
                message("assistant", "Can you recommend a good restaurant for dinner?")));
        awaitProcessed(sessionId);
        // As if written by another model: the vector is wrong for this one and tagged so.
        QuarkusTransaction.requiringNew().run(() -> {
            List<MessageEntity> stored = MessageEntity.list("sessionPk = (select s.id from SessionEntity s where s.sessionId = ?1)", sessionId);
            for (MessageEntity m : stored) {
                m.embedding = dev.engram.embedding.Vectors.toBytes(new float[embedder.embed("x").length]);
                m.embeddingModel = "an-older-model";
            }
            changes.changed(RecordKind.MESSAGE, stored.stream().map(m -> m.id).toList());
            // The installation's vectors were of that model (a start with the same model skips the look).
            MessageEntity.getEntityManager().createNativeQuery("UPDATE installation SET vectors_model = 'an-older-model'")
                    .executeUpdate();
        });
        reembed.queueIfStale();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String model = embedder.model();
        while (QuarkusTransaction.requiringNew().call(() -> MessageEntity.count(
                "embeddingModel <> ?1 and sessionPk = (select s.id from SessionEntity s where s.sessionId = ?2)", model, sessionId)) > 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not re-embedded after 60 s");
            }
            Thread.sleep(100);
        }
        // The index holds the new vectors (a search would also embed vector-less records on the spot).
        index.awaitCurrent(10_000);
        Long sessionPk = QuarkusTransaction.requiringNew().call(() -> dev.engram.session.SessionEntity
                .findBySessionId(sessionId).orElseThrow().id);
        List<IndexCandidate> indexed = index.candidates(new IndexScope(RecordKind.MESSAGE, null, List.of(sessionPk),
                null, null, null, null), "Lisbon", embedder.embedQuery("Lisbon"), 10);
        assertEquals(2, indexed.size());
        indexed.forEach(c -> assertNotNull(c.vector(), "re-embedded vector in the index for message #" + c.id()));
        // No word in common with the message: found by meaning.
        String top = api().body(Map.of("text", "Which city did I relocate to?")).queryParam("limit", 1)
                .post("/api/v2/sessions/{id}/search", sessionId).then().statusCode(200)
                .extract().jsonPath().getString("[0].message.content");
        assertEquals("I moved to Lisbon last month.", top);
        // Done: the installation records the model, and the next start skips the look for stale vectors.
        Instant recorded = Instant.now().plus(Duration.ofSeconds(30));
        while (!model.equals(QuarkusTransaction.requiringNew().call(() -> MessageEntity.getEntityManager()
                .createNativeQuery("SELECT vectors_model FROM installation WHERE id = 1").getSingleResult()))) {
            if (Instant.now().isAfter(recorded)) {
                throw new AssertionError("the installation does not record " + model + " after re-embedding");
            }
            Thread.sleep(100);
        }
    }
}
