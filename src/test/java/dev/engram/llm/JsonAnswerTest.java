package dev.engram.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.common.EngramConfig;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ask-check-retry cycle of {@link JsonAnswer} over HTTP against the fake OpenAI API, without
 * an application: what is sent (and with {@code engram.llm.json-schema=false}), what one retry
 * looks like, and what a second bad answer throws.
 */
class JsonAnswerTest {

    private static final JsonNode SCHEMA = JsonAnswer.schema("""
            {"type": "object", "additionalProperties": false, "required": ["summary"],
             "properties": {"summary": {"type": "string"}}}""");
    private static final JsonAnswer<String> SUMMARY = new JsonAnswer<>("summary", SCHEMA,
            answer -> JsonAnswer.text(answer, "summary", "summary"));

    private final FakeOpenAi fake = FakeOpenAi.get();

    @BeforeEach
    void reset() {
        fake.reset();
    }

    /** A client of the fake with only the LLM settings the client reads. */
    static LlmClient client(boolean jsonSchema) {
        EngramConfig.Llm llm = (EngramConfig.Llm) Proxy.newProxyInstance(JsonAnswerTest.class.getClassLoader(),
                new Class<?>[] {EngramConfig.Llm.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "baseUrl" -> fake().baseUrl();
                    case "apiKey" -> Optional.of("sk-test");
                    case "chatModel" -> "gpt-4o-mini";
                    case "embeddingModel" -> "text-embedding-3-small";
                    case "timeout" -> Duration.ofSeconds(5);
                    case "jsonSchema" -> jsonSchema;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        EngramConfig config = (EngramConfig) Proxy.newProxyInstance(JsonAnswerTest.class.getClassLoader(),
                new Class<?>[] {EngramConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("llm")) {
                        return llm;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new LlmClient(config);
    }

    private static FakeOpenAi fake() {
        return FakeOpenAi.get();
    }

    @Test
    void aValidAnswerIsReadAfterOneRequestWithTheStrictSchema() {
        fake.answerWith(r -> "{\"summary\": \"Ada moved to Lisbon.\"}");
        assertEquals("Ada moved to Lisbon.", SUMMARY.ask(client(true), "Summarize.", "Ada: I moved to Lisbon."));
        assertEquals(1, fake.calls().size());
        JsonNode request = fake.calls().get(0).body();
        assertEquals("Bearer sk-test", fake.calls().get(0).authorization());
        assertEquals("gpt-4o-mini", request.path("model").asText());
        assertEquals(JsonAnswer.schema("""
                {"type": "json_schema", "json_schema": {"name": "summary", "strict": true, "schema": %s}}""".formatted(SCHEMA)),
                request.path("response_format"));
        assertEquals(JsonAnswer.schema("""
                [{"role": "system", "content": "Summarize."}, {"role": "user", "content": "Ada: I moved to Lisbon."}]"""),
                request.path("messages"));
    }

    @Test
    void withoutJsonSchemaTheRequestAsksForJsonModeAndTheAnswerIsStillChecked() {
        fake.answerWith(r -> r.path("messages").size() == 2 ? "```json\n{\"text\": \"Ada moved to Lisbon.\"}\n```"
                : "```json\n{\"summary\": \"Ada moved to Lisbon.\"}\n```");
        assertEquals("Ada moved to Lisbon.", SUMMARY.ask(client(false), "Summarize.", "Ada: I moved to Lisbon."));
        assertEquals(2, fake.calls().size());
        for (FakeOpenAi.Call call : fake.calls()) {
            assertEquals(JsonAnswer.schema("{\"type\": \"json_object\"}"), call.body().path("response_format"));
        }
    }

    @Test
    void theRetryCarriesTheBadAnswerAndWhatWasWrong() {
        fake.answerWith(r -> r.path("messages").size() == 2 ? "{\"summary\": \"Ada moved to Lisb"
                : "{\"summary\": \"Ada moved to Lisbon.\"}");
        assertEquals("Ada moved to Lisbon.", SUMMARY.ask(client(true), "Summarize.", "Ada: I moved to Lisbon."));
        List<FakeOpenAi.Call> calls = fake.calls();
        assertEquals(2, calls.size());
        JsonNode retry = calls.get(1).body();
        assertEquals(calls.get(0).body().path("response_format"), retry.path("response_format"));
        assertEquals(4, retry.path("messages").size());
        assertEquals("assistant", retry.path("messages").get(2).path("role").asText());
        assertEquals("{\"summary\": \"Ada moved to Lisb", retry.path("messages").get(2).path("content").asText());
        assertEquals("user", retry.path("messages").get(3).path("role").asText());
        String correction = retry.path("messages").get(3).path("content").asText();
        assertTrue(correction.startsWith("That answer cannot be used: it is not valid JSON ("), correction);
        assertTrue(correction.endsWith("). Answer again with only the corrected JSON object, in the required shape."), correction);
    }

    @Test
    void twoBadAnswersThrowWithTheSecondAnswerAbbreviated() {
        String longProse = "I'm sorry, but I can't produce that summary. " + "The conversation is long. ".repeat(40);
        fake.answerWith(r -> r.path("messages").size() == 2 ? "[\"Ada moved to Lisbon.\"]" : longProse);
        LlmException e = assertThrows(LlmException.class,
                () -> SUMMARY.ask(client(true), "Summarize.", "Ada: I moved to Lisbon."));
        assertEquals(2, fake.calls().size(), "one retry, no more");
        assertTrue(e.getMessage().startsWith("the LLM answered an invalid summary twice (first: it is not a JSON object;"
                + " then: it is not valid JSON ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("its answer: " + longProse.substring(0, 500) + "…"), e.getMessage());
    }

    @Test
    void aFailingApiIsNotRetriedHere() {
        fake.failWith(429, "{\"error\": {\"message\": \"Rate limit reached\"}}");
        LlmException e = assertThrows(LlmException.class, () -> SUMMARY.ask(client(true), "Summarize.", "Ada."));
        assertTrue(e.getMessage().contains("answered 429"), e.getMessage());
        assertEquals(1, fake.calls().size(), "the job system retries failures of the API, later");
    }
}
