package dev.engram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.common.Clock;
import dev.engram.common.Installation;
import dev.engram.session.SessionService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** id, uuid, timestamps and project_uuid as the issue defines them. */
@QuarkusTest
class IdentityFieldsTest extends ApiTestSupport {

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    dev.engram.common.UuidSource uuids;

    @Inject
    SessionService sessionService;

    @Test
    void theStoredProjectUuidIsReadBackAfterARestart() {
        String project = getJson("/api/v2/users/{id}", createUser()).getString("project_uuid");
        // A fresh Installation has no cached value and must read the stored row (as after a restart).
        assertEquals(UUID.fromString(project), new Installation(em, clock, uuids).projectUuid());
    }

    @Test
    void projectUuidIsOneUuidAcrossUsersAndSessions() {
        String firstUser = createUser();
        String secondUser = createUser();
        String session = createSession(firstUser);
        String project = getJson("/api/v2/users/{id}", firstUser).getString("project_uuid");
        UUID.fromString(project);
        assertEquals(project, getJson("/api/v2/users/{id}", secondUser).getString("project_uuid"));
        assertEquals(project, getJson("/api/v2/sessions/{id}", session).getString("project_uuid"));
        assertEquals(project, getJson("/api/v2/users-ordered?pageSize=1").getString("users[0].project_uuid"));
        assertEquals(project, getJson("/api/v2/sessions-ordered?page_size=1").getString("sessions[0].project_uuid"));
    }

    @Test
    void idsAreStableIntegersAndUuidsAreUuids() {
        String userId = createUser();
        String sessionId = createSession(userId);
        JsonPath user = getJson("/api/v2/users/{id}", userId);
        JsonPath session = getJson("/api/v2/sessions/{id}", sessionId);
        assertTrue(user.get("id") instanceof Integer || user.get("id") instanceof Long, () -> "id: " + user.get("id"));
        assertTrue(session.get("id") instanceof Integer || session.get("id") instanceof Long);
        UUID.fromString(user.getString("uuid"));
        UUID.fromString(session.getString("uuid"));
        assertNotEquals(user.getString("uuid"), session.getString("uuid"));

        api().body(Map.of("first_name", "Ada")).patch("/api/v2/users/{id}", userId).then().statusCode(200);
        api().body(Map.of("metadata", Map.of("a", 1))).patch("/api/v2/sessions/{id}", sessionId).then().statusCode(200);
        assertEquals(user.getLong("id"), getJson("/api/v2/users/{id}", userId).getLong("id"));
        assertEquals(user.getString("uuid"), getJson("/api/v2/users/{id}", userId).getString("uuid"));
        assertEquals(session.getLong("id"), getJson("/api/v2/sessions/{id}", sessionId).getLong("id"));
        assertEquals(session.getString("uuid"), getJson("/api/v2/sessions/{id}", sessionId).getString("uuid"));
    }

    @Test
    void timestampsAreRfc3339InUtc() {
        String userId = createUser();
        String sessionId = createSession(userId);
        addMessages(sessionId, messages("m", 1));
        addFacts(sessionId, "a fact");
        JsonPath user = getJson("/api/v2/users/{id}", userId);
        Timestamps.parseUtc(user.getString("created_at"));
        Timestamps.parseUtc(user.getString("updated_at"));
        JsonPath session = getJson("/api/v2/sessions/{id}", sessionId);
        Timestamps.parseUtc(session.getString("created_at"));
        Timestamps.parseUtc(session.getString("updated_at"));
        JsonPath message = getJson("/api/v2/sessions/{id}/messages", sessionId);
        Timestamps.parseUtc(message.getString("messages[0].created_at"));
        Timestamps.parseUtc(message.getString("messages[0].updated_at"));
        Timestamps.parseUtc(getJson("/api/v2/sessions/{id}/facts", sessionId).getString("facts[0].created_at"));
    }

    @Test
    void classificationsAreAStringToStringObject() {
        String sessionId = createSession();
        QuarkusTransaction.requiringNew().run(() -> sessionService.recordClassification(sessionId, "mood", "happy"));
        Map<String, Object> classifications = getJson("/api/v2/sessions/{id}", sessionId).getMap("classifications");
        assertEquals(Map.of("mood", "happy"), classifications);
    }
}
