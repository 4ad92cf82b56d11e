package dev.engram;

import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The routed but not yet implemented operations: 501 with a JSON message, after the 404 checks. */
@QuarkusTest
class NotImplementedApiTest extends ApiTestSupport {

    private static final Map<String, Object> CLASSIFY = Map.of("name", "mood", "classes", List.of("happy", "sad"));

    @Test
    void searchingSessionsIs501() {
        assertError(api().body(Map.of("text", "tea")).post("/api/v2/sessions/search"), 501, "not implemented");
        assertError(api().body(Map.of("text", "tea")).post("/api/v2/sessions/search?limit=3"), 501, "not implemented");
    }

    @Test
    void searchingASessionIs501() {
        String sessionId = createSession();
        assertError(api().body(Map.of("text", "tea")).post("/api/v2/sessions/{id}/search", sessionId), 501, "not implemented");
    }

    @Test
    void searchingAnUnknownSessionIs404() {
        assertError(api().body(Map.of("text", "tea")).post("/api/v2/sessions/{id}/search", unique("nothing")), 404);
    }

    @Test
    void classifyingASessionIs501() {
        String sessionId = createSession();
        assertError(api().body(CLASSIFY).post("/api/v2/sessions/{id}/classify", sessionId), 501, "not implemented");
    }

    @Test
    void classifyingAnUnknownSessionIs404() {
        assertError(api().body(CLASSIFY).post("/api/v2/sessions/{id}/classify", unique("nothing")), 404);
    }

    @Test
    void extractingIs501() {
        String sessionId = createSession();
        assertError(api().body(Map.of("last_n", 4, "model_schema", "{}")).post("/api/v2/sessions/{id}/extract", sessionId),
                501, "not implemented");
    }

    @Test
    void extractingFromAnUnknownSessionIs404() {
        assertError(api().body(Map.of("last_n", 4, "model_schema", "{}")).post("/api/v2/sessions/{id}/extract", unique("nothing")), 404);
    }

    @Test
    void synthesizingAQuestionIs501() {
        String sessionId = createSession();
        assertError(api().get("/api/v2/sessions/{id}/synthesize_question", sessionId), 501, "not implemented");
        assertError(api().get("/api/v2/sessions/{id}/synthesize_question?lastNMessages=3", sessionId), 501, "not implemented");
    }

    @Test
    void synthesizingAQuestionForAnUnknownSessionIs404() {
        assertError(api().get("/api/v2/sessions/{id}/synthesize_question", unique("nothing")), 404);
    }

    @Test
    void theUserNodeIs501() {
        assertError(api().get("/api/v2/users/{id}/node", createUser()), 501, "not implemented");
    }

    @Test
    void theNodeOfAnUnknownUserIs404() {
        assertError(api().get("/api/v2/users/{id}/node", unique("nobody")), 404);
    }

    @Test
    void endingWithClassifyIs501AndLeavesTheSessionOpen() {
        String sessionId = createSession();
        assertError(api().body(Map.of("classify", CLASSIFY)).post("/api/v2/sessions/{id}/end", sessionId), 501, "not implemented");
        api().get("/api/v2/sessions/{id}", sessionId).then().statusCode(200).body("ended_at", nullValue());
    }

    @Test
    void endingAnUnknownSessionWithClassifyIs404() {
        assertError(api().body(Map.of("classify", CLASSIFY)).post("/api/v2/sessions/{id}/end", unique("nothing")), 404);
    }
}
