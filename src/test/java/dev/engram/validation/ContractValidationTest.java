package dev.engram.validation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.startsWith;

import dev.engram.ApiTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests that break the contract answer 400 naming the field, before any logic; tolerance stays. */
@QuarkusTest
class ContractValidationTest extends ApiTestSupport {

    @Test
    void wrongTypeIs400NamingTheField() {
        String userId = unique("typed");
        api().body(Map.of("user_id", userId, "email", 5)).post("/api/v2/users")
                .then().statusCode(400)
                .body("message", equalTo("bad request: email has the wrong type: expected string, got integer"));
        api().get("/api/v2/users/{id}", userId).then().statusCode(404);
    }

    @Test
    void missingRequiredFieldIs400NamingTheField() {
        api().body(Map.of("email", "x@example.org")).post("/api/v2/users")
                .then().statusCode(400).body("message", equalTo("bad request: user_id is required"));
        api().body(Map.of("session_id", unique("s"))).post("/api/v2/sessions")
                .then().statusCode(400).body("message", equalTo("bad request: user_id is required"));
    }

    @Test
    void anAbsentBodyIs400WhereTheOperationRequiresOne() {
        api().body("").post("/api/v2/users")
                .then().statusCode(400).body("message", equalTo("bad request: a JSON request body is required"));
        api().body(" \n").post("/api/v2/sessions/{id}/memory", createSession(createUser()))
                .then().statusCode(400).body("message", equalTo("bad request: a JSON request body is required"));
        // Malformed JSON keeps the JSON reader's words.
        api().body("{\"user_id\":").post("/api/v2/users")
                .then().statusCode(400).body("message", startsWith("bad request: malformed JSON"));
        // An update's body is optional: an empty one changes nothing.
        String userId = createUser();
        api().body("").patch("/api/v2/users/{id}", userId).then().statusCode(200);
    }

    @Test
    void invalidMessageIsNamedByIndexAndNothingIsStored() {
        String sessionId = createSession(createUser());
        api().body(Map.of("messages", List.of(message("user", "ok"), Map.of("role_type", "user"))))
                .post("/api/v2/sessions/{id}/memory", sessionId)
                .then().statusCode(400).body("message", equalTo("bad request: messages[1].content is required"));
        api().body(Map.of("messages", List.of(Map.of("role_type", "robot", "content", "beep"))))
                .post("/api/v2/sessions/{id}/memory", sessionId)
                .then().statusCode(400)
                .body("message", startsWith("bad request: messages[0].role_type has an invalid value 'robot' (allowed: "));
        api().get("/api/v2/sessions/{id}/messages", sessionId).then().statusCode(200).body("total_count", equalTo(0));
    }

    @Test
    void invalidBodyOfAnUnknownSessionIs400BeforeAnyLookup() {
        api().body(Map.of("messages", "nope")).post("/api/v2/sessions/{id}/memory", unique("nosession"))
                .then().statusCode(400).body("message", startsWith("bad request: messages has the wrong type"));
    }

    @Test
    void badQueryParametersAre400NamingTheParameter() {
        api().queryParam("page_number", "abc").get("/api/v2/sessions-ordered")
                .then().statusCode(400).body("message", startsWith("bad request: page_number"));
        api().queryParam("order_by", "colour").get("/api/v2/sessions-ordered")
                .then().statusCode(400).body("message", startsWith("bad request: order_by"));
        api().queryParam("lastn", -1).get("/api/v2/sessions/{id}/memory", createSession(createUser()))
                .then().statusCode(400).body("message", startsWith("bad request: lastn"));
    }

    @Test
    void toleratesWhatTheSdksSend() {
        String userId = unique("tolerant");
        // null for optional fields (Python sends None as null), unknown fields.
        Map<String, Object> user = new HashMap<>();
        user.put("user_id", userId);
        user.put("email", null);
        user.put("metadata", null);
        user.put("fact_rating_instruction", null);
        user.put("favourite_colour", "blue");
        api().body(user).post("/api/v2/users").then().statusCode(201);
        // No Content-Type on a POST (Go).
        String sessionId = unique("session");
        assertEquals(201, rawHttp("POST", "/api/v2/sessions", Map.of(),
                "{\"session_id\":\"" + sessionId + "\",\"user_id\":\"" + userId + "\"}"));
        // A message with null optional fields and fields a previous response carried.
        Map<String, Object> msg = new HashMap<>(message("user", "hi"));
        msg.put("role", null);
        msg.put("metadata", null);
        msg.put("token_count", 0);
        msg.put("processed", false);
        api().body(Map.of("messages", List.of(msg))).post("/api/v2/sessions/{id}/memory", sessionId)
                .then().statusCode(200);
        // A JSON body on GET and DELETE (Python sends {}).
        api().body("{}").get("/api/v2/users/{id}", userId).then().statusCode(200);
        api().body("{\"junk\": [1, 2]}").get("/api/v2/sessions/{id}/memory", sessionId).then().statusCode(200);
        // An empty body where every field is optional (Go sends none).
        raw().contentType(ContentType.JSON).post("/api/v2/sessions/{id}/end", sessionId).then().statusCode(200);
        assertEquals(200, rawHttp("POST", "/api/v2/sessions/" + sessionId + "/end", Map.of(), null));
        assertEquals(200, rawHttp("PATCH", "/api/v2/users/" + userId, Map.of(), ""));
        api().body(Map.of()).patch("/api/v2/users/{id}", userId).then().statusCode(200);
        api().body("{}").delete("/api/v2/users/{id}", userId).then().statusCode(200);
    }

    @Test
    void percentEncodedIdsAreMatched() {
        String userId = unique("with space") + "%2Fslash";
        api().body(Map.of("user_id", unique("a b"))).post("/api/v2/users").then().statusCode(201);
        // '/' inside an id is refused by the id rules (400), not by routing or the contract.
        raw().get("/api/v2/users/" + userId.replace(" ", "%20")).then().statusCode(404);
    }

    @Test
    void routingAndParsingErrorsKeepTheirStatus() {
        raw().get("/api/v2/no-such-route").then().statusCode(404).body("message", equalTo("not found"));
        raw().contentType(ContentType.JSON).put("/api/v2/users/someone").then().statusCode(405);
        raw().contentType(ContentType.JSON).body("{not json").post("/api/v2/users")
                .then().statusCode(400).body("message", startsWith("bad request: malformed JSON"));
        assertEquals(413, rawHttp("POST", "/api/v2/users",
                Map.of("Content-Type", "application/json", "Content-Length", "999999999"), "{}"));
    }
}
