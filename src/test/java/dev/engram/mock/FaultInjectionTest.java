package dev.engram.mock;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.ApiTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fault and latency injection in mock mode: the Prefer header and /admin/faults rules. */
@QuarkusTest
@TestProfile(MockProfile.class)
class FaultInjectionTest extends ApiTestSupport {

    @BeforeEach
    void reset() {
        api().post("/admin/reset").then().statusCode(200);
    }

    @Test
    void preferCodeAnswersThatStatusWithoutSideEffect() {
        raw().contentType(ContentType.JSON).header("Prefer", "code=503").body(Map.of("user_id", "eve"))
                .post("/api/v2/users")
                .then().statusCode(503)
                .contentType(ContentType.JSON)
                .header("Retry-After", nullValue())
                .body("message", startsWith("injected fault: 503"));
        api().get("/api/v2/users/eve").then().statusCode(404);

        api().queryParam("path", "/api/v2/users").get("/admin/requests").then()
                .body("requests.status", equalTo(List.of(503, 404)))
                .body("requests[0].fault", equalTo("prefer"))
                .body("requests[1].fault", nullValue());
    }

    @Test
    void preferCodeWorksOnAnyStatusAndRoute() {
        raw().header("Prefer", "code=429, retry-after=2").get("/api/v2/sessions/ada-chat/memory")
                .then().statusCode(429).header("Retry-After", "2").body("message", startsWith("injected fault: 429"));
        raw().header("Prefer", "code=409").delete("/api/v2/users/ada").then().statusCode(409);
        api().get("/api/v2/users/ada").then().statusCode(200);
        raw().header("Prefer", "code=500").get("/api/v2/does-not-exist").then().statusCode(500);
    }

    @Test
    void preferDelayDelaysTheAnswerAndKeepsTheBody() {
        long start = System.nanoTime();
        api().header("Prefer", "delay=300").body(Map.of("messages", List.of(message("user", "late"))))
                .post("/api/v2/sessions/ada-chat/memory").then().statusCode(200);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= 300, "answered after " + elapsedMs + " ms");
        api().get("/api/v2/sessions/ada-chat/messages").then().body("messages[2].content", equalTo("late"));
    }

    @Test
    void preferCodeAndDelayCombine() {
        long start = System.nanoTime();
        raw().header("Prefer", "code=503; delay=200").get("/api/v2/users/ada").then().statusCode(503);
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 200);
    }

    @Test
    void unknownOrInvalidPreferTokensAreIgnored() {
        api().header("Prefer", "example=foo, dynamic=true").get("/api/v2/users/ada").then().statusCode(200);
        api().header("Prefer", "code=200").get("/api/v2/users/ada").then().statusCode(200);
        api().header("Prefer", "code=abc, delay=-5").get("/api/v2/users/ada").then().statusCode(200);
        api().header("Prefer", "respond-async").get("/api/v2/users/ada").then().statusCode(200);
        raw().header("Prefer", "code=\"502\"").get("/api/v2/users/ada").then().statusCode(502);
    }

    @Test
    void ruleFailsTheNextNCallsToAPathTemplate() {
        api().body(Map.of("method", "post", "path", "/api/v2/sessions/*/memory", "status", 503, "count", 2))
                .post("/admin/faults").then().statusCode(201)
                .body("id", equalTo(1)).body("method", equalTo("POST")).body("remaining", equalTo(2));

        Map<String, Object> body = Map.of("messages", List.of(message("user", "third time lucky")));
        raw().contentType(ContentType.JSON).body(body).post("/api/v2/sessions/ada-chat/memory")
                .then().statusCode(503).header("X-Engram-Fault", "rule 1");
        api().get("/api/v2/sessions/ada-chat/memory").then().statusCode(200); // other method: not matched
        api().get("/admin/faults").then().body("rules[0].remaining", equalTo(1));
        raw().contentType(ContentType.JSON).body(body).post("/api/v2/sessions/ada-chat/memory")
                .then().statusCode(503);
        api().body(body).post("/api/v2/sessions/ada-chat/memory").then().statusCode(200);

        api().get("/api/v2/sessions/ada-chat/messages").then().body("total_count", equalTo(3));
        api().get("/admin/faults").then().body("rules", hasSize(0));
        api().queryParam("method", "POST").get("/admin/requests").then()
                .body("requests.status", equalTo(List.of(503, 503, 200)))
                .body("requests.fault", equalTo(java.util.Arrays.asList("rule 1", "rule 1", null)));
    }

    @Test
    void ruleWithDelayAndRetryAfterUntilCleared() {
        api().body(Map.of("path", "/api/v2/users/{userId}", "status", 429, "retry_after", 1))
                .post("/admin/faults").then().statusCode(201).body("remaining", nullValue());
        api().body(Map.of("path", "/api/v2/sessions/**", "delay_ms", 150)).post("/admin/faults").then().statusCode(201);

        for (int i = 0; i < 3; i++) {
            raw().get("/api/v2/users/ada").then().statusCode(429).header("Retry-After", "1");
        }
        raw().get("/api/v2/users/ada/sessions").then().statusCode(200); // one segment more: not matched
        long start = System.nanoTime();
        api().get("/api/v2/sessions/ada-chat/memory").then().statusCode(200);
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 150);

        api().get("/admin/faults").then().body("rules", hasSize(2));
        api().delete("/admin/faults").then().statusCode(200);
        api().get("/admin/faults").then().body("rules", hasSize(0));
        api().get("/api/v2/users/ada").then().statusCode(200);
    }

    @Test
    void preferHeaderWinsOverRules() {
        api().body(Map.of("path", "/api/v2/users/ada", "status", 500, "count", 1)).post("/admin/faults")
                .then().statusCode(201);
        raw().header("Prefer", "code=404").get("/api/v2/users/ada").then().statusCode(404);
        raw().get("/api/v2/users/ada").then().statusCode(500);
        api().get("/api/v2/users/ada").then().statusCode(200);
    }

    @Test
    void invalidRulesAre400() {
        api().body(Map.of("path", "api/v2/users")).post("/admin/faults").then().statusCode(400)
                .body("message", startsWith("bad request: path"));
        api().body(Map.of("path", "/api/v2/users", "status", 200)).post("/admin/faults").then().statusCode(400)
                .body("message", startsWith("bad request: status"));
        api().body(Map.of("path", "/api/v2/users")).post("/admin/faults").then().statusCode(400)
                .body("message", equalTo("bad request: a fault rule needs a status, a delay_ms or both"));
        api().body(Map.of("path", "/api/v2/users", "status", 503, "count", 0)).post("/admin/faults").then()
                .statusCode(400).body("message", startsWith("bad request: count"));
    }

    @Test
    void resetDropsRules() {
        api().body(Map.of("path", "/api/v2/users/ada", "status", 503)).post("/admin/faults").then().statusCode(201);
        api().post("/admin/reset").then().statusCode(200);
        api().get("/admin/faults").then().body("rules", hasSize(0));
        api().get("/api/v2/users/ada").then().statusCode(200);
    }

}
