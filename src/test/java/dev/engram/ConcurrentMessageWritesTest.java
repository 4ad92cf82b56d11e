package dev.engram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.message.MessageEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A background job and an API call may change the same message row at the same time (the
 * job its vector and {@code processed}, the caller its metadata). Neither may undo the other.
 */
@QuarkusTest
class ConcurrentMessageWritesTest extends ApiTestSupport {

    @Test
    void aWorkerFinishingLateDoesNotUndoAMetadataUpdate() {
        String sessionId = createSession(createUser());
        addMessages(sessionId, List.of(message("user", "I moved to Lisbon.")));
        awaitProcessed(sessionId);
        String uuid = api().get("/api/v2/sessions/{id}/messages", sessionId).then().statusCode(200)
                .extract().jsonPath().getString("messages[0].uuid");

        QuarkusTransaction.requiringNew().run(() ->
                MessageEntity.update("processed = false where uuid = ?1", java.util.UUID.fromString(uuid)));
        // Like IngestJob: load the row, work a while (meanwhile the caller updates metadata), then save.
        QuarkusTransaction.requiringNew().run(() -> {
            MessageEntity loaded = MessageEntity.find("uuid", java.util.UUID.fromString(uuid)).firstResult();
            api().body(Map.of("metadata", Map.of("mood", "excited")))
                    .patch("/api/v2/sessions/{id}/messages/{uuid}", sessionId, uuid).then().statusCode(200);
            loaded.processed = true;
        });

        assertEquals(Map.of("mood", "excited"), api().get("/api/v2/sessions/{id}/messages/{uuid}", sessionId, uuid)
                .then().statusCode(200).extract().jsonPath().getMap("metadata"));
    }
}
