package dev.engram;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With API keys configured, every /api/v2 route needs {@code Authorization: Api-Key <key>}. */
@QuarkusTest
@TestProfile(AuthTest.WithApiKeys.class)
class AuthTest extends ApiTestSupport {

    public static class WithApiKeys extends dev.engram.SuiteProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.auth.api-keys", "k1,k2");
        }

        /** Keeps the datasource of the active run (H2 by default, PostgreSQL under -Dquarkus.test.profile=pg). */
    }

    private static void assertUnauthorized(Response response) {
        response.then().statusCode(401).contentType(ContentType.JSON).body("message", equalTo("unauthorized"));
    }

    @Test
    void aMissingAuthorizationHeaderIs401() {
        assertUnauthorized(api().get("/api/v2/users-ordered"));
        assertUnauthorized(api().body(Map.of("user_id", unique("u"))).post("/api/v2/users"));
        assertUnauthorized(api().get("/api/v2/users/{id}", unique("u")));
    }

    @Test
    void aWrongKeyIs401() {
        assertUnauthorized(api().header("Authorization", "Api-Key nope").get("/api/v2/users-ordered"));
        assertUnauthorized(api().header("Authorization", "Api-Key k1x").get("/api/v2/users-ordered"));
        assertUnauthorized(api().header("Authorization", "Api-Key ").get("/api/v2/users-ordered"));
        assertUnauthorized(api().header("Authorization", "Api-Key k1,k2").get("/api/v2/users-ordered"));
    }

    @Test
    void anotherSchemeIs401() {
        assertUnauthorized(api().header("Authorization", "Bearer k1").get("/api/v2/users-ordered"));
        assertUnauthorized(api().header("Authorization", "k1").get("/api/v2/users-ordered"));
    }

    @Test
    void aMalformedApiKeyHeaderIs401() {
        assertUnauthorized(api().header("Authorization", "Api-Key  k1").get("/api/v2/users-ordered"));
        assertUnauthorized(api().header("Authorization", "Api-Keyk1").get("/api/v2/users-ordered"));
    }

    @Test
    void everyConfiguredKeyIsAccepted() {
        String userId = unique("u");
        api().header("Authorization", "Api-Key k1").body(Map.of("user_id", userId)).post("/api/v2/users")
                .then().statusCode(201);
        api().header("Authorization", "Api-Key k2").get("/api/v2/users/{id}", userId)
                .then().statusCode(200).body("user_id", equalTo(userId));
    }

    @Test
    void unknownApiRoutesAreBehindTheKeyToo() {
        raw().get("/api/v2/nope").then().statusCode(401).body("message", equalTo("unauthorized"));
    }

    @Test
    void healthAndOpenApiAreOpenWithoutAKey() {
        raw().get("/q/health").then().statusCode(200);
        raw().get("/q/openapi").then().statusCode(200);
    }
}
