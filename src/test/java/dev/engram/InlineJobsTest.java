package dev.engram;

import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code engram.jobs.inline} (mock mode's setting) derived work is done before the add call
 * answers. Runs in its own Quarkus restart, so it also proves that the local embedding model
 * (native libraries) loads again after another test profile used it in the same JVM.
 */
@QuarkusTest
@TestProfile(InlineJobsTest.Inline.class)
class InlineJobsTest extends ApiTestSupport {

    public static class Inline extends dev.engram.SuiteProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.jobs.inline", "true");
        }
    }

    @Test
    void messagesAreProcessedWhenTheAddCallAnswers() {
        String sessionId = createSession(createUser());
        addMessages(sessionId, List.of(message("user", "I moved to Lisbon last spring."),
                message("assistant", "Lisbon is lovely in spring.")));
        api().get("/api/v2/sessions/{id}/messages", sessionId).then().statusCode(200)
                .body("messages", hasSize(2))
                .body("messages.processed", everyItem(is(true)));
    }
}
