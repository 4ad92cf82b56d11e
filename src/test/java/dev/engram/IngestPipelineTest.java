package dev.engram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.engram.message.MessageEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
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
}
