package dev.engram.mock;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.engram.ApiTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mock mode through HTTP: reset, fixtures, journal, deterministic switch (faults: {@link FaultInjectionTest}). */
@QuarkusTest
@TestProfile(MockProfile.class)
class MockModeTest extends ApiTestSupport {

    @BeforeEach
    void reset() {
        api().post("/admin/reset").then().statusCode(200);
    }

    @AfterEach
    void backToRealTime() {
        api().body(Map.of("enabled", false)).post("/admin/deterministic").then().statusCode(200);
    }

    @Test
    void startsWithTheFixtures() {
        api().get("/api/v2/users/ada").then().statusCode(200)
                .body("email", equalTo("ada@example.org"))
                .body("metadata.tier", equalTo("gold"))
                .body("session_count", equalTo(1));
        api().get("/api/v2/sessions/ada-chat/memory").then().statusCode(200)
                .body("messages.content", equalTo(List.of("Hi, I'm Ada.", "Hello Ada!")))
                .body("relevant_facts.fact", equalTo(List.of("Ada likes tea")));
        api().get("/api/v2/users/grace").then().statusCode(200);
    }

    @Test
    void resetDeletesEverythingAndReloadsTheFixtures() {
        String userId = createUser();
        String sessionId = createSession(userId);
        addMessages(sessionId, List.of(message("user", "hello")));
        api().delete("/api/v2/users/ada").then().statusCode(200);

        api().post("/admin/reset").then().statusCode(200)
                .body("fixtures_loaded", equalTo(true))
                .body("users", equalTo(2)).body("sessions", equalTo(1))
                .body("messages", equalTo(2)).body("facts", equalTo(1));

        api().get("/api/v2/users/{id}", userId).then().statusCode(404);
        api().get("/api/v2/sessions/{id}", sessionId).then().statusCode(404);
        api().get("/api/v2/users/ada").then().statusCode(200);
    }

    @Test
    void resetWithoutFixturesLeavesAnEmptyStoreWhoseIdsStartAtOne() {
        api().body(Map.of("fixtures", false)).post("/admin/reset").then().statusCode(200)
                .body("fixtures_loaded", equalTo(false))
                .body("users", equalTo(0)).body("sessions", equalTo(0))
                .body("messages", equalTo(0)).body("facts", equalTo(0));
        api().get("/api/v2/users/ada").then().statusCode(404);
        api().get("/api/v2/users-ordered").then().statusCode(200).body("total_count", equalTo(0));

        api().body(Map.of("user_id", "first")).post("/api/v2/users").then().statusCode(201).body("id", equalTo(1));
    }

    @Test
    void journalRecordsAnsweredRequestsAndFilters() {
        api().get("/api/v2/users/ada").then().statusCode(200);
        api().get("/api/v2/users/nobody").then().statusCode(404);
        api().queryParam("lastn", 2).get("/api/v2/sessions/ada-chat/memory").then().statusCode(200);
        api().body(Map.of("user_id", "bob")).post("/api/v2/users").then().statusCode(201);
        raw().get("/api/v2/no-such-route").then().statusCode(404);
        api().get("/admin/requests").then().statusCode(200); // /admin itself is not recorded

        api().get("/admin/requests").then().statusCode(200)
                .body("total_count", equalTo(5))
                .body("requests.method", equalTo(List.of("GET", "GET", "GET", "POST", "GET")))
                .body("requests.path", equalTo(List.of("/api/v2/users/ada", "/api/v2/users/nobody",
                        "/api/v2/sessions/ada-chat/memory", "/api/v2/users", "/api/v2/no-such-route")))
                .body("requests.status", equalTo(List.of(200, 404, 200, 201, 404)))
                .body("requests[2].query", equalTo("lastn=2"))
                .body("requests[0].query", nullValue())
                .body("requests.received_at", everyItem(notNullValue()))
                .body("requests.duration_ms", everyItem(greaterThanOrEqualTo(0f)));

        api().queryParam("method", "post").get("/admin/requests").then()
                .body("requests.path", equalTo(List.of("/api/v2/users")));
        api().queryParam("path", "/api/v2/users").get("/admin/requests").then()
                .body("total_count", equalTo(3));
        api().queryParam("contains", "memory").get("/admin/requests").then()
                .body("requests.path", equalTo(List.of("/api/v2/sessions/ada-chat/memory")));
        api().queryParam("status", 404).get("/admin/requests").then()
                .body("requests.path", equalTo(List.of("/api/v2/users/nobody", "/api/v2/no-such-route")));
        api().queryParam("limit", 2).get("/admin/requests").then()
                .body("total_count", equalTo(5))
                .body("requests.path", equalTo(List.of("/api/v2/users", "/api/v2/no-such-route")));

        api().delete("/admin/requests").then().statusCode(200);
        api().get("/admin/requests").then().body("requests", hasSize(0)).body("total_count", equalTo(0));
    }

    @Test
    void journalRecordsOversizedBodies() {
        assertEquals(413, rawHttp("POST", "/api/v2/users",
                Map.of("Content-Type", "application/json", "Content-Length", "999999999"), "{}"));
        api().get("/admin/requests").then().body("requests.status", equalTo(List.of(413)));
    }

    @Test
    void deterministicModeGivesByteIdenticalResponses() {
        api().body(Map.of("enabled", true, "seed", 7, "time", "2025-01-01T00:00:00Z", "step_ms", 1000))
                .post("/admin/deterministic").then().statusCode(200)
                .body("enabled", equalTo(true)).body("seed", equalTo(7))
                .body("time", startsWith("2025-01-01T00:00:00")).body("step_ms", equalTo(1000));

        String first = scenario();
        String second = scenario();
        assertEquals(first, second);
        assertNotEquals(-1, first.indexOf("\"created_at\":\"2025-01-01T00:00:"), first);

        api().get("/admin/deterministic").then().body("enabled", equalTo(true)).body("seed", equalTo(7));
        api().body(Map.of("seed", 8)).post("/admin/deterministic").then().body("seed", equalTo(8));
        assertNotEquals(first, scenario());
    }

    @Test
    void realTimeAndRandomUuidsWhenDeterministicModeIsOff() {
        api().body(Map.of("enabled", false)).post("/admin/deterministic").then().statusCode(200)
                .body("enabled", equalTo(false));
        assertNotEquals(scenario(), scenario());
    }

    @Test
    void adminRequestsAreValidatedAgainstTheContract() {
        api().body(Map.of("path", 5, "status", "x")).post("/admin/faults").then().statusCode(400)
                .body("message", containsString("status"));
        api().body(Map.of("status", 503)).post("/admin/faults").then().statusCode(400)
                .body("message", equalTo("bad request: path is required"));
        api().queryParam("status", "abc").get("/admin/requests").then().statusCode(400)
                .body("message", startsWith("bad request: status"));
        api().body(Map.of("enabled", true, "step_ms", -1)).post("/admin/deterministic").then().statusCode(400)
                .body("message", containsString("step_ms"));
    }

    /** Reset (no fixtures), then a user, a session, two messages; the bodies of every answer. */
    private static String scenario() {
        api().body(Map.of("fixtures", false)).post("/admin/reset").then().statusCode(200);
        StringBuilder out = new StringBuilder();
        out.append(api().body(Map.of("user_id", "u1")).post("/api/v2/users").then().statusCode(201)
                .extract().asString());
        out.append(api().body(Map.of("session_id", "s1", "user_id", "u1")).post("/api/v2/sessions").then()
                .statusCode(201).extract().asString());
        addMessages("s1", List.of(message("user", "hi"), message("assistant", "hello")));
        api().body(Map.of("facts", List.of(Map.of("fact", "likes tea")))).post("/api/v2/sessions/s1/facts")
                .then().statusCode(200);
        out.append(api().get("/api/v2/sessions/s1/memory").then().statusCode(200).extract().asString());
        out.append(api().get("/api/v2/users/u1").then().statusCode(200).extract().asString());
        return out.toString();
    }

}
