package dev.engram.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.ApiTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The LLM implementations of fact extraction, rating and summaries against a fake
 * OpenAI-compatible API: what they send, and how the answers end up in memory.
 */
@QuarkusTest
@TestProfile(LlmIntelligenceTest.LlmProfile.class)
class LlmIntelligenceTest extends ApiTestSupport {

    public static class LlmProfile extends dev.engram.SuiteProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The embedder too: the local model's native tokenizer cannot be loaded again by the
            // class loader of a restarted application in the same JVM.
            return Map.of(
                    "engram.intelligence.providers.embedder", "llm",
                    "engram.intelligence.providers.fact-extractor", "llm",
                    "engram.intelligence.providers.fact-rater", "llm",
                    "engram.intelligence.providers.summarizer", "llm",
                    "engram.intelligence.summary-window", "4",
                    "engram.llm.base-url", FakeOpenAi.get().baseUrl(),
                    "engram.llm.chat-model", "fake-chat-1");
        }
    }

    private static String answer(JsonNode request) {
        String system = FakeOpenAi.system(request);
        if (system.contains("extract durable facts")) {
            return FakeOpenAi.user(request).contains("Lisbon")
                    ? "```json\n{\"facts\": [{\"fact\": \"Ada lives in Lisbon\", \"relation\": \"lives in\", \"source\": \"Ada\","
                            + " \"target\": \"Lisbon\", \"message\": 1, \"single_valued\": true}]}\n```"
                    : "{\"facts\": []}";
        }
        if (system.contains("rate facts")) {
            return "{\"ratings\": [{\"fact\": 0, \"rating\": 0.75}]}";
        }
        if (system.contains("progressive summary")) {
            return "{\"summary\": \"Ada told the assistant about her move to Lisbon.\"}";
        }
        return "{}";
    }

    @Test
    void factsRatingsAndSummariesComeFromTheLlm() {
        FakeOpenAi fake = FakeOpenAi.get();
        fake.reset();
        fake.answerWith(LlmIntelligenceTest::answer);
        String userId = unique("user");
        api().body(Map.of("user_id", userId, "first_name", "Ada", "fact_rating_instruction",
                Map.of("instruction", "Where the user lives matters", "examples", Map.of("high", "Ada lives in Rome"))))
                .post("/api/v2/users").then().statusCode(201);
        String sessionId = createSession(userId);
        api().body(Map.of("messages", List.of(
                Map.of("role", "Ada", "role_type", "user", "content", "Hello there."),
                Map.of("role", "Ada", "role_type", "user", "content", "I moved to Lisbon.", "created_at", "2024-05-05T05:05:05Z"),
                Map.of("role", "assistant", "role_type", "assistant", "content", "Lisbon is lovely."),
                Map.of("role", "Ada", "role_type", "user", "content", "Thanks."),
                Map.of("role", "assistant", "role_type", "assistant", "content", "Anytime."))))
                .post("/api/v2/sessions/{id}/memory", sessionId).then().statusCode(200);
        awaitProcessed(sessionId);

        List<Map<String, Object>> facts = api().get("/api/v2/sessions/{id}/facts", sessionId).then().statusCode(200)
                .extract().jsonPath().getList("facts");
        assertEquals(1, facts.size(), facts.toString());
        Map<String, Object> fact = facts.get(0);
        assertEquals("Ada lives in Lisbon", fact.get("content"));
        assertEquals("LIVES_IN", fact.get("name"));
        assertEquals("Ada", fact.get("source_node_name"));
        assertEquals("Lisbon", fact.get("target_node_name"));
        assertEquals(0.75, ((Number) fact.get("rating")).doubleValue(), 1e-9);
        assertTrue(OffsetDateTime.parse((String) fact.get("valid_at")).isEqual(OffsetDateTime.parse("2024-05-05T05:05:05Z")),
                "valid_at of the message the LLM named: " + fact.get("valid_at"));

        JsonNode extraction = only(fake, "extract durable facts", "Hello there.");
        assertEquals("fake-chat-1", extraction.path("model").asText());
        assertEquals("json_schema", extraction.path("response_format").path("type").asText());
        assertTrue(FakeOpenAi.user(extraction).contains("New messages:\n0. Ada (user): Hello there.\n1. Ada (user): I moved to Lisbon.\n"
                + "2. assistant (assistant): Lisbon is lovely.\n"), FakeOpenAi.user(extraction));
        String rating = FakeOpenAi.user(only(fake, "rate facts", "Where the user lives matters"));
        assertTrue(rating.contains("Instruction: Where the user lives matters\n"), rating);
        assertTrue(rating.contains("Example of a high (1.0) rated fact: Ada lives in Rome\n"), rating);
        assertTrue(rating.contains("Facts:\n0. Ada lives in Lisbon\n"), rating);

        List<Map<String, Object>> summaries = awaitSummaries(sessionId);
        assertEquals("Ada told the assistant about her move to Lisbon.", summaries.get(0).get("content"));
        assertEquals(2, ((List<?>) summaries.get(0).get("related_message_uuids")).size(), "5 messages, window 4: the oldest 2");
        String summaryPrompt = FakeOpenAi.user(only(fake, "progressive summary", "Hello there."));
        assertEquals("Current summary:\n(none yet)\n\nNew lines of conversation:\nAda (user): Hello there.\nAda (user): I moved to Lisbon.\n",
                summaryPrompt);
    }

    /**
     * The one request of a kind made for this test's conversation (requests for data that other
     * test classes left in the shared database may reach the fake too).
     */
    private static JsonNode only(FakeOpenAi fake, String systemMarker, String conversationMarker) {
        List<JsonNode> matching = fake.requests().stream().filter(r -> FakeOpenAi.system(r).contains(systemMarker))
                .filter(r -> FakeOpenAi.user(r).contains(conversationMarker)).toList();
        assertEquals(1, matching.size(), "requests with '" + systemMarker + "': " + matching);
        return matching.get(0);
    }

    private static List<Map<String, Object>> awaitSummaries(String sessionId) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            List<Map<String, Object>> list = api().get("/api/v2/sessions/{id}/summary", sessionId).then().statusCode(200)
                    .extract().jsonPath().getList("summaries");
            if (!list.isEmpty() || System.currentTimeMillis() > deadline) {
                assertEquals(1, list.size(), "one summary");
                return list;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
