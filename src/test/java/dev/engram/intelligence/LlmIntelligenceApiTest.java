package dev.engram.intelligence;

import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.ApiTestSupport;
import dev.engram.llm.FakeOpenAi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The LLM implementations of classify, extract and synthesize, against a local fake of the
 * OpenAI API: what Engram sends (model, messages, key) and how it reads the answer, including an
 * LLM that fails (502).
 */
@QuarkusTest
@TestProfile(LlmIntelligenceApiTest.LlmProvider.class)
class LlmIntelligenceApiTest extends ApiTestSupport {

    static final String MODEL = "fake-chat-model";
    static final String KEY = "fake-llm-key";

    /** Classify, extract and synthesize through the fake LLM; the rest of the server stays local. */
    public static class LlmProvider extends dev.engram.SuiteProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "engram.intelligence.providers.classifier", "llm",
                    "engram.intelligence.providers.extractor", "llm",
                    "engram.intelligence.providers.question-synthesizer", "llm",
                    "engram.llm.base-url", FakeOpenAi.get().baseUrl(),
                    "engram.llm.chat-model", MODEL,
                    "engram.llm.api-key", KEY,
                    "engram.llm.timeout", "5s");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void resetFake() {
        FakeOpenAi.get().reset();
    }

    /** The fake answers chat completions whose message content is {@code content}. */
    private static void llmAnswers(String content) {
        FakeOpenAi.get().answerWith(request -> content);
    }

    /** The one chat request Engram sent. */
    private static JsonNode sentRequest() {
        List<FakeOpenAi.Call> calls = FakeOpenAi.get().calls();
        assertEquals(1, calls.size(), "chat requests: " + calls);
        assertEquals("Bearer " + KEY, calls.get(0).authorization());
        JsonNode body = calls.get(0).body();
        assertEquals(MODEL, body.path("model").asText());
        assertEquals("json_object", body.path("response_format").path("type").asText());
        assertEquals("system", body.path("messages").path(0).path("role").asText());
        assertEquals("user", body.path("messages").path(1).path("role").asText());
        return body;
    }

    private static String conversation() {
        String sessionId = createSession(createUser());
        addMessages(sessionId, List.of(
                message("user", "My card was charged twice. I live in Lisbon."),
                message("assistant", "Sorry about that, I will check."),
                message("user", "Please refund it. Call me next Friday.")));
        return sessionId;
    }

    @Test
    void classifySendsTheClassesAndTheTranscriptAndReturnsTheChosenClass() throws Exception {
        String sessionId = conversation();
        llmAnswers("{\"class\": \"billing\"}");
        api().body(Map.of("name", "intent", "classes", List.of("shipping", "billing"), "instruction", "What does the user want?"))
                .post("/api/v2/sessions/{id}/classify", sessionId)
                .then().statusCode(200)
                .body("class", Matchers.equalTo("billing"))
                .body("label", Matchers.equalTo("intent"));
        JsonNode sent = sentRequest();
        String system = sent.path("messages").path(0).path("content").asText();
        String user = sent.path("messages").path(1).path("content").asText();
        assertTrue(system.contains("\"class\""), system);
        assertTrue(user.contains("Instruction: What does the user want?"), user);
        assertTrue(user.contains("- shipping\n- billing"), user);
        assertTrue(user.contains("Ada (user): My card was charged twice. I live in Lisbon."), user);
        assertTrue(user.contains("Bot (assistant): Sorry about that, I will check."), user);
        api().get("/api/v2/sessions/{id}", sessionId).then().statusCode(200)
                .body("classifications.intent", Matchers.equalTo("billing"));
    }

    @Test
    void classifyRejectsAnLlmAnswerThatIsNotOneOfTheClassesWith502() throws Exception {
        String sessionId = conversation();
        llmAnswers("{\"class\": \"refunds\"}");
        api().body(Map.of("name", "intent", "classes", List.of("shipping", "billing")))
                .post("/api/v2/sessions/{id}/classify", sessionId)
                .then().statusCode(502)
                .body("message", containsString("not one of the classes"));
        api().get("/api/v2/sessions/{id}", sessionId).then().statusCode(200)
                .body("classifications.intent", nullValue());
    }

    @Test
    void extractSendsTheFieldsAndNormalizesTheAnswer() throws Exception {
        String sessionId = conversation();
        llmAnswers("```json\n{\"city\": \"Lisbon\", \"callback\": \"next Friday\", \"times\": 2, \"email\": \"unknown\", \"extra\": \"x\"}\n```");
        String schema = JSON.writeValueAsString(Map.of("properties", Map.of(
                "city", Map.of("zep_type", "ZepText", "description", "The user's city"),
                "callback", Map.of("zep_type", "ZepDate", "description", "When to call the user back"),
                "times", Map.of("zep_type", "ZepNumber", "description", "How many times the card was charged"),
                "email", Map.of("zep_type", "ZepEmail", "description", "The user's email"))));
        api().body(Map.of("last_n", 3, "model_schema", schema, "current_date_time", "2024-03-06T10:00:00Z"))
                .post("/api/v2/sessions/{id}/extract", sessionId)
                .then().statusCode(200)
                .body("$", aMapWithSize(3))
                .body("city", Matchers.equalTo("Lisbon"))
                .body("callback", Matchers.equalTo("2024-03-08"))
                .body("times", Matchers.equalTo("2"));
        String user = sentRequest().path("messages").path(1).path("content").asText();
        assertTrue(user.contains("Current date and time: 2024-03-06T10:00:00Z"), user);
        assertTrue(user.contains("- callback (date, YYYY-MM-DD): When to call the user back"), user);
        assertTrue(user.contains("Ada (user): Please refund it. Call me next Friday."), user);
    }

    @Test
    void synthesizeReturnsTheLlmQuestion() throws Exception {
        String sessionId = conversation();
        llmAnswers("{\"question\": \"Can the double charge on my card be refunded?\"}");
        api().queryParam("lastNMessages", 2).get("/api/v2/sessions/{id}/synthesize_question", sessionId)
                .then().statusCode(200)
                .body("question", Matchers.equalTo("Can the double charge on my card be refunded?"));
        String user = sentRequest().path("messages").path(1).path("content").asText();
        assertTrue(user.contains("Please refund it."), user);
        assertTrue(!user.contains("charged twice"), "only the last 2 messages are sent: " + user);
    }

    @Test
    void aFailingLlmAnswers502WithAMessage() throws Exception {
        String sessionId = conversation();
        FakeOpenAi.get().failWith(500, "{\"error\": \"model overloaded\"}");
        api().get("/api/v2/sessions/{id}/synthesize_question", sessionId)
                .then().statusCode(502)
                .body("message", containsString("answered 500"));
        llmAnswers("not json at all");
        api().body(Map.of("name", "intent", "classes", List.of("a", "b")))
                .post("/api/v2/sessions/{id}/classify", sessionId)
                .then().statusCode(502)
                .body("message", containsString("valid JSON"));
        // Ending with a classification that fails leaves the session open.
        api().body(Map.of("classify", Map.of("name", "intent", "classes", List.of("a", "b"))))
                .post("/api/v2/sessions/{id}/end", sessionId)
                .then().statusCode(502);
        api().get("/api/v2/sessions/{id}", sessionId).then().statusCode(200).body("ended_at", nullValue());
    }
}
