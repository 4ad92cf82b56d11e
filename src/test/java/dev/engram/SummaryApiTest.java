package dev.engram;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SummaryApiTest extends ApiTestSupport {

    @Test
    void aSessionWithoutSummariesHasAnEmptyList() {
        String sessionId = createSession();
        addMessages(sessionId, messages("m", 3));
        api().get("/api/v2/sessions/{id}/summary", sessionId).then().statusCode(200)
                .body("summaries.size()", equalTo(0))
                .body("total_count", equalTo(0))
                .body("row_count", equalTo(0));
    }

    @Test
    void theSummariesOfAnUnknownSessionAre404() {
        assertError(api().get("/api/v2/sessions/{id}/summary", unique("nothing")), 404);
    }
}
