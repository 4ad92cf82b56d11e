package dev.engram.mock;

import static org.hamcrest.Matchers.equalTo;

import dev.engram.ApiTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With a fixed API key, /admin needs it too, and a wrong key is 401 before any injected fault. */
@QuarkusTest
@TestProfile(MockWithApiKeyTest.WithKey.class)
class MockWithApiKeyTest extends ApiTestSupport {

    public static class WithKey extends dev.engram.SuiteProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.mock.enabled", "true", "engram.auth.api-keys", "test-key");
        }
    }

    @Test
    void adminNeedsTheKey() {
        raw().post("/admin/reset").then().statusCode(401).body("message", equalTo("unauthorized"));
        raw().contentType(io.restassured.http.ContentType.JSON).header("Authorization", "Api-Key test-key")
                .post("/admin/reset").then().statusCode(200);
    }

    @Test
    void wrongKeyIs401EvenWithAFaultRequested() {
        raw().header("Prefer", "code=503").get("/api/v2/users-ordered").then().statusCode(401);
        raw().header("Authorization", "Api-Key test-key").header("Prefer", "code=503").get("/api/v2/users-ordered")
                .then().statusCode(503);
        raw().header("Authorization", "Api-Key test-key").queryParam("status", 401).get("/admin/requests")
                .then().statusCode(200).body("requests.path", equalTo(java.util.List.of("/api/v2/users-ordered")));
    }
}
