package dev.engram.mock;

import static org.hamcrest.Matchers.equalTo;

import dev.engram.ApiTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Outside mock mode the test controls do not exist and the Prefer header is ignored. */
@QuarkusTest
class MockModeOffTest extends ApiTestSupport {

    @Test
    void adminRoutesAre404() {
        raw().post("/admin/reset").then().statusCode(404).body("message", equalTo("not found"));
        raw().get("/admin/requests").then().statusCode(404);
        raw().delete("/admin/requests").then().statusCode(404);
        raw().get("/admin/faults").then().statusCode(404);
        raw().body("{\"enabled\":true}").post("/admin/deterministic").then().statusCode(404);
        raw().get("/admin").then().statusCode(404);
    }

    @Test
    void preferHeaderIsIgnored() {
        String userId = unique("prefer");
        api().header("Prefer", "code=503, delay=5000").body(Map.of("user_id", userId)).post("/api/v2/users")
                .then().statusCode(201);
        api().header("Prefer", "code=503").get("/api/v2/users/{id}", userId).then().statusCode(200);
    }
}
