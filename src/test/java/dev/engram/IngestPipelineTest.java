package dev.engram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import dev.engram.index.IndexedText;
import dev.engram.index.MessageVectors;
import dev.engram.message.MessageEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IngestPipelineTest extends ApiTestSupport {

    @Test
    void messagesBecomeProcessedWithAStoredEmbedding() {
        String sessionId = createSession(createUser());
        addMessages(sessionId, List.of(message("user", "I moved to Lisbon last spring."),
                message("assistant", "Lisbon is lovely in spring.")));
        awaitProcessed(sessionId);
        List<MessageEntity> stored = QuarkusTransaction.requiringNew().call(() -> {
            List<MessageEntity> list = MessageEntity.list("sessionPk = (select s.id from SessionEntity s where s.sessionId = ?1)", sessionId);
            list.forEach(m -> assertNotNull(m.embedding, "embedding of " + m.content));
            return list;
        });
        assertEquals(2, stored.size());
        assertEquals(384 * Float.BYTES, QuarkusTransaction.requiringNew().call(
                () -> MessageEntity.<MessageEntity>findById(stored.get(0).id).embedding.length));
    }

    @Inject
    Embedder embedder;

    @Test
    void aBatchsFirstMessageIsEmbeddedWithTheTurnBeforeItFromTheBatchBefore() {
        String sessionId = createSession(createUser());
        addMessages(sessionId, List.of(message("user", "I moved to Lisbon last spring.")));
        awaitProcessed(sessionId);
        addMessages(sessionId, List.of(message("assistant", "Lisbon is lovely in spring.")));
        awaitProcessed(sessionId);
        List<byte[]> stored = QuarkusTransaction.requiringNew().call(() -> MessageEntity.<MessageEntity>list(
                "sessionPk = (select s.id from SessionEntity s where s.sessionId = ?1) order by id", sessionId)
                .stream().map(m -> m.embedding).toList());
        assertEquals(2, stored.size());
        // The previous turn's own embedding may come from the first batch's job (kept in memory):
        // the vector must be the one made from both texts.
        float[] expected = MessageVectors.combine(embedder.embed(IndexedText.ofMessage("Bot", "Lisbon is lovely in spring.")),
                embedder.embed(IndexedText.ofMessage("Ada", "I moved to Lisbon last spring.")));
        assertArrayEquals(Vectors.toBytes(expected), stored.get(1));
        assertArrayEquals(Vectors.toBytes(embedder.embed(IndexedText.ofMessage("Ada", "I moved to Lisbon last spring."))),
                stored.get(0), "the first message of a session has no turn before it");
    }
}
