package dev.engram;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The derived-memory routes answer 404 for an unknown session or user, before anything else. */
@QuarkusTest
class UnknownTargetsTest extends ApiTestSupport {

    private static final Map<String, Object> CLASSIFY = Map.of("name", "mood", "classes", List.of("happy", "sad"));

    @Test
    void searchingAnUnknownSessionIs404() {
        assertError(api().body(Map.of("text", "tea")).post("/api/v2/sessions/{id}/search", unique("nothing")), 404);
    }

    @Test
    void classifyingAnUnknownSessionIs404() {
        assertError(api().body(CLASSIFY).post("/api/v2/sessions/{id}/classify", unique("nothing")), 404);
    }

    @Test
    void extractingFromAnUnknownSessionIs404() {
        String schema = "{\"properties\":{\"city\":{\"zep_type\":\"ZepText\",\"description\":\"the city\"}}}";
        assertError(api().body(Map.of("last_n", 4, "model_schema", schema))
                .post("/api/v2/sessions/{id}/extract", unique("nothing")), 404);
    }

    @Test
    void synthesizingAQuestionForAnUnknownSessionIs404() {
        assertError(api().get("/api/v2/sessions/{id}/synthesize_question", unique("nothing")), 404);
    }

    @Test
    void theNodeOfAnUnknownUserIs404() {
        assertError(api().get("/api/v2/users/{id}/node", unique("nobody")), 404);
    }

    @Test
    void endingAnUnknownSessionWithClassifyIs404() {
        assertError(api().body(Map.of("classify", CLASSIFY)).post("/api/v2/sessions/{id}/end", unique("nothing")), 404);
    }
}
