package dev.engram;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UserApiTest extends ApiTestSupport {

    @Test
    void createsAndReadsAUser() {
        String userId = unique("ada");
        api().body(Map.of("user_id", userId, "email", "ada@example.org", "first_name", "Ada",
                        "metadata", Map.of("tier", "gold", "system", Map.of("x", 1))))
                .post("/api/v2/users")
                .then().statusCode(201)
                .body("user_id", equalTo(userId))
                .body("email", equalTo("ada@example.org"))
                .body("metadata.tier", equalTo("gold"))
                .body("metadata", not(hasKey("system")))
                .body("uuid", notNullValue())
                .body("id", notNullValue())
                .body("session_count", equalTo(0));

        api().get("/api/v2/users/{id}", userId)
                .then().statusCode(200)
                .body("first_name", equalTo("Ada"));
    }

    @Test
    void rejectsADuplicateUserWith400() {
        String userId = createUser();
        api().body(Map.of("user_id", userId)).post("/api/v2/users")
                .then().statusCode(400)
                .body("message", startsWith("bad request: user already exists"));
    }

    @Test
    void unknownUserIs404() {
        api().get("/api/v2/users/{id}", unique("nobody")).then().statusCode(404).body("message", notNullValue());
    }
}
