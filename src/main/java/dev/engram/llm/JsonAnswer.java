package dev.engram.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON answer the code can use, asked of the LLM: the schema the model is held to (a strict
 * {@code json_schema} response format) and the reader that turns the answer into a value. The
 * reader checks what the code relies on, because a schema cannot say everything (an index must
 * point at one of the items sent) and not every server enforces one.
 *
 * <p>An answer that is not JSON or fails the reader is asked for once more, in the same
 * conversation, with the model's answer and what was wrong with it: models mostly correct
 * themselves when told. A second bad answer throws {@link LlmException} with that answer in its
 * message, so the job that asked fails (nothing it derived is stored: its transaction rolls
 * back), is retried later, and is finally parked with the answer in its error for an operator.
 *
 * @param <T> what the reader makes of a valid answer
 */
public final class JsonAnswer<T> {

    /** How much of a bad answer an error message quotes. */
    static final int QUOTED = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads a parsed answer, throwing {@link Invalid} (naming what is wrong) when it is unusable. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(JsonNode answer);
    }

    /** What is wrong with an answer, in words the model is shown on the retry. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String problem) {
            super(problem, null, false, false);
        }
    }

    private final String name;
    private final JsonNode schema;
    private final Reader<T> reader;

    /**
     * @param name   the schema's name (letters, digits, {@code _} and {@code -}), also used in errors
     * @param schema the JSON schema of the answer, in strict mode's dialect (every property
     *               required, {@code additionalProperties: false}; optional values are nullable)
     */
    public JsonAnswer(String name, JsonNode schema, Reader<T> reader) {
        this.name = name;
        this.schema = schema;
        this.reader = reader;
    }

    /** Parses a schema written as JSON text (schemas are constants; a typo fails at class load). */
    public static JsonNode schema(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON schema: " + e.getOriginalMessage(), e);
        }
    }

    /** Asks the LLM, with one retry on an invalid answer; throws {@link LlmException} when both are. */
    public T ask(LlmClient llm, String system, String user) {
        List<LlmClient.Message> messages = new ArrayList<>(List.of(LlmClient.Message.system(system), LlmClient.Message.user(user)));
        String answer = llm.chat(messages, name, schema);
        String problem;
        try {
            return read(answer);
        } catch (Invalid e) {
            problem = e.getMessage();
        }
        messages.add(LlmClient.Message.assistant(answer));
        messages.add(LlmClient.Message.user("That answer cannot be used: " + problem
                + ". Answer again with only the corrected JSON object, in the required shape."));
        String retry = llm.chat(messages, name, schema);
        try {
            return read(retry);
        } catch (Invalid e) {
            throw new LlmException("the LLM answered an invalid " + name + " twice (first: " + problem + "; then: "
                    + e.getMessage() + "); its answer: " + quote(retry));
        }
    }

    private T read(String answer) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(LlmClient.stripFences(answer));
        } catch (JsonProcessingException e) {
            throw new Invalid("it is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (parsed == null || !parsed.isObject()) {
            throw new Invalid("it is not a JSON object");
        }
        return reader.read(parsed);
    }

    static String quote(String answer) {
        return answer.length() > QUOTED ? answer.substring(0, QUOTED) + "…" : answer;
    }

    // Checks for readers. Each names the field by its path ("facts[2].message"), so the model
    // and an operator can see which part of the answer was wrong.

    /** A required array. */
    public static JsonNode array(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isArray()) {
            throw new Invalid(path + " must be an array" + found(value));
        }
        return value;
    }

    /** A required object (an array item). */
    public static JsonNode object(JsonNode value, String path) {
        if (value == null || !value.isObject()) {
            throw new Invalid(path + " must be an object" + found(value));
        }
        return value;
    }

    /** A required string that is not blank, stripped. */
    public static String text(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new Invalid(path + " must be a non-empty string" + found(value));
        }
        return value.asText().strip();
    }

    /** A string or null (absent or blank: null), stripped. */
    public static String optionalText(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new Invalid(path + " must be a string or null" + found(value));
        }
        return value.asText().isBlank() ? null : value.asText().strip();
    }

    /** A boolean, {@code otherwise} when absent or null. */
    public static boolean optionalBoolean(JsonNode parent, String field, String path, boolean otherwise) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            throw new Invalid(path + " must be true or false" + found(value));
        }
        return value.asBoolean();
    }

    /** A required index into {@code size} items, named {@code items} in the error. */
    public static int index(JsonNode parent, String field, String path, int size, String items) {
        JsonNode value = parent.get(field);
        if (value == null || !value.canConvertToExactIntegral()) {
            throw new Invalid(path + " must be an integer" + found(value));
        }
        int index = value.asInt();
        if (!value.canConvertToInt() || index < 0 || index >= size) {
            throw new Invalid(path + " is " + value + ", not the index of one of the " + size + " " + items
                    + " (0 to " + (size - 1) + ")");
        }
        return index;
    }

    /** A required number in [min, max]. */
    public static double number(JsonNode parent, String field, String path, double min, double max) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isNumber()) {
            throw new Invalid(path + " must be a number" + found(value));
        }
        double number = value.asDouble();
        if (!(number >= min && number <= max)) {
            throw new Invalid(path + " is " + value + ", outside " + min + " to " + max);
        }
        return number;
    }

    private static String found(JsonNode value) {
        return value == null ? " (it is missing)" : " (it is " + quote(value.toString()) + ")";
    }
}
