package dev.engram.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.ApiTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reproductions of issue 13 as regression tests, on both databases: input that once hung a
 * worker, was stored and then broke every read, addressed the wrong record, or answered 500.
 * Each now answers at once, with a 4xx naming the field, and stores nothing.
 */
@QuarkusTest
class HostileInputTest extends ApiTestSupport {

    @Test
    void anEmptyChunkedBodyIsAnsweredAtOnce() {
        String userId = createUser();
        int status = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> rawHttp("PATCH", "/api/v2/users/" + userId,
                Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked"), "0\r\n\r\n"));
        assertEquals(200, status, "an empty body changes nothing");
        int post = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> rawHttp("POST",
                "/api/v2/sessions/" + createSession() + "/memory",
                Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked"), "0\r\n\r\n"));
        assertEquals(400, post, "adding memory needs messages");
    }

    @Test
    void aMessageOfOnlyWhitespaceIsRefusedSoSearchesKeepWorking() {
        String userId = createUser();
        String sessionId = createSession(userId);
        assertError(api().body(Map.of("messages", List.of(message("user", "fine"), message("user", " \n\t "))))
                .post("/api/v2/sessions/{id}/memory", sessionId), 400, "messages[1].content must not be empty");
        assertEquals(List.of(), storedContents(sessionId), "nothing of the batch is stored");
        api().body(Map.of("text", "anything", "user_id", userId)).post("/api/v2/sessions/search").then().statusCode(200);
    }

    @Test
    void unboundedStringsAreRefusedNamingTheField() {
        String longText = "x".repeat(2000);
        String userId = createUser();
        for (String field : List.of("first_name", "last_name", "email")) {
            assertError(api().body(Map.of(field, longText)).patch("/api/v2/users/{id}", userId), 400, field);
            assertError(api().body(Map.of("user_id", unique("u"), field, longText)).post("/api/v2/users"), 400, field);
        }
        String sessionId = createSession(userId);
        Map<String, Object> longRole = map("role_type", "user", "role", longText, "content", "hi");
        assertError(api().body(Map.of("messages", List.of(longRole))).post("/api/v2/sessions/{id}/memory", sessionId),
                400, "messages[0].role");
    }

    @Test
    void classifyIsBoundedAndAHugeNameIsNeverStored() {
        String sessionId = createSession();
        addMessages(sessionId, List.of(message("user", "Where is my parcel?")));
        assertError(api().body(Map.of("name", "n".repeat(60_000), "classes", List.of("a", "b")))
                .post("/api/v2/sessions/{id}/classify", sessionId), 400, "name");
        assertError(api().body(Map.of("name", "intent", "classes", Collections.nCopies(10_000, "c")))
                .post("/api/v2/sessions/{id}/classify", sessionId), 400, "classes");
        assertError(api().body(Map.of("name", "intent", "classes", List.of("a", "c".repeat(1001))))
                .post("/api/v2/sessions/{id}/classify", sessionId), 400, "classes[1]");
        // Every read of the session and of the session lists keeps working.
        getJson("/api/v2/sessions/{id}", sessionId);
        api().get("/api/v2/sessions-ordered").then().statusCode(200);
    }

    @Test
    void textThatIsNotUnicodeIsRefusedNamingTheField() {
        String sessionId = createSession();
        assertError(api().body("{\"text\":\"\\ud800\"}").post("/api/v2/sessions/search"), 400, "text");
        assertError(api().body("{\"name\":\"n\",\"classes\":[\"\\udfff\"]}")
                .post("/api/v2/sessions/{id}/classify", sessionId), 400, "classes[0]");
        assertError(api().body("{\"messages\":[{\"role_type\":\"user\",\"content\":\"a\\u0000b\"}]}")
                .post("/api/v2/sessions/{id}/memory", sessionId), 400, "messages[0].content");
        assertError(api().body("{\"user_id\":\"a\\u0000b\"}").post("/api/v2/users"), 400, "user_id");
        Response nul = raw().urlEncodingEnabled(false).get("/api/v2/users/a%00b");
        assertTrue(nul.statusCode() == 400 || nul.statusCode() == 404, "a client error, never 500: " + nul.statusCode());
        assertError(nul, nul.statusCode());
        assertEquals(List.of(), storedContents(sessionId));
        // A pair of surrogates (an emoji) is text like any other.
        addMessages(sessionId, List.of(message("user", "party \uD83C\uDF89")));
        assertEquals(List.of("party \uD83C\uDF89"), storedContents(sessionId));
    }

    @Test
    void aSemicolonInAPathIdIsPartOfTheId() {
        String base = unique("semi");
        api().body(Map.of("user_id", base)).post("/api/v2/users").then().statusCode(201);
        api().body(Map.of("user_id", base + ";b")).post("/api/v2/users").then().statusCode(201);
        // Sent unescaped, as the Python SDK does.
        raw().urlEncodingEnabled(false).delete("/api/v2/users/" + base + ";b").then().statusCode(200);
        getJson("/api/v2/users/{id}", base);
        assertError(raw().urlEncodingEnabled(false).get("/api/v2/users/" + base + ";b"), 404);
    }

    @Test
    void aPercentSignInAnIdIsDecodedOnce() {
        String id = unique("pct") + "%";
        api().body(Map.of("user_id", id)).post("/api/v2/users").then().statusCode(201);
        getJson("/api/v2/users/{id}", id); // sent as %25
        assertError(raw().urlEncodingEnabled(false).get("/api/v2/users/" + unique("nobody") + "%25"), 404);
    }

    @Test
    void anEmptyPathSegmentAddressesNothing() {
        String sessionId = createSession();
        assertError(raw().urlEncodingEnabled(false).get("/api/v2/sessions/" + sessionId + "/messages/"), 404);
        assertError(raw().urlEncodingEnabled(false).get("/api/v2/users/"), 404);
    }

    @Test
    void errorMessagesNeverCarryAHugeValueWhole() {
        String sessionId = createSession();
        Response response = api().body(Map.of("messages", List.of(map("role_type", "r".repeat(1_000_000), "content", "x"))))
                .post("/api/v2/sessions/{id}/memory", sessionId);
        assertError(response, 400, "role_type");
        assertTrue(response.jsonPath().getString("message").length() < 500, "message is short");
    }
}
