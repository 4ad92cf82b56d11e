package dev.engram.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.common.EngramConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal client of an OpenAI-compatible HTTP API ({@code /chat/completions} and
 * {@code /embeddings}), which OpenAI, Ollama, vLLM and most gateways speak. Only the LLM
 * implementations of the intelligence interfaces use it.
 */
@ApplicationScoped
public class LlmClient {

    private final EngramConfig.Llm config;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http;

    public LlmClient(EngramConfig config) {
        this.config = config.llm();
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    /** One message of a chat completion request. */
    public record Message(String role, String content) {
        public static Message system(String content) {
            return new Message("system", content);
        }

        public static Message user(String content) {
            return new Message("user", content);
        }

        public static Message assistant(String content) {
            return new Message("assistant", content);
        }
    }

    /** One chat completion; with {@code jsonObject} the model is asked to answer a JSON object. */
    public String chat(String system, String user, boolean jsonObject) {
        ObjectNode format = null;
        if (jsonObject) {
            format = json.createObjectNode().put("type", "json_object");
        }
        return chat(List.of(Message.system(system), Message.user(user)), format);
    }

    /**
     * One chat completion whose answer must be a JSON object of the given schema: sent as a
     * strict {@code json_schema} response format (OpenAI structured outputs; Ollama, vLLM and
     * most gateways accept it too), or as plain JSON mode when {@code engram.llm.json-schema}
     * is off for a server that rejects it (the prompt then carries the shape alone).
     */
    public String chat(List<Message> messages, String schemaName, JsonNode schema) {
        ObjectNode format = json.createObjectNode();
        if (config.jsonSchema()) {
            format.put("type", "json_schema");
            format.putObject("json_schema").put("name", schemaName).put("strict", true).set("schema", schema);
        } else {
            format.put("type", "json_object");
        }
        return chat(messages, format);
    }

    private String chat(List<Message> messages, ObjectNode responseFormat) {
        ObjectNode body = json.createObjectNode();
        body.put("model", config.chatModel());
        body.put("temperature", 0);
        ArrayNode array = body.putArray("messages");
        messages.forEach(m -> array.addObject().put("role", m.role()).put("content", m.content()));
        if (responseFormat != null) {
            body.set("response_format", responseFormat);
        }
        JsonNode answer = post("/chat/completions", body);
        JsonNode message = answer.path("choices").path(0).path("message");
        JsonNode content = message.path("content");
        if (!content.isTextual()) {
            // With structured outputs a model that will not answer says so in "refusal" instead.
            JsonNode refusal = message.path("refusal");
            throw new LlmException(refusal.isTextual() ? "the LLM refused: " + abbreviate(refusal.asText())
                    : "the LLM answer has no choices[0].message.content");
        }
        return content.asText();
    }

    /** A chat completion parsed as a JSON object. */
    public JsonNode chatJson(String system, String user) {
        String text = chat(system, user, true);
        try {
            return json.readTree(stripFences(text));
        } catch (IOException e) {
            throw new LlmException("the LLM did not answer valid JSON: " + abbreviate(text));
        }
    }

    public List<float[]> embed(List<String> texts) {
        ObjectNode body = json.createObjectNode();
        body.put("model", config.embeddingModel());
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        JsonNode data = post("/embeddings", body).path("data");
        if (!data.isArray() || data.size() != texts.size()) {
            throw new LlmException("the embeddings answer does not hold one vector per input");
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (JsonNode item : data) {
            JsonNode values = item.path("embedding");
            float[] vector = new float[values.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) values.get(i).asDouble();
            }
            vectors.add(vector);
        }
        return vectors;
    }

    public String embeddingModel() {
        return config.embeddingModel();
    }

    private JsonNode post(String path, ObjectNode body) {
        String base = config.baseUrl().endsWith("/") ? config.baseUrl().substring(0, config.baseUrl().length() - 1) : config.baseUrl();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        config.apiKey().filter(k -> !k.isBlank()).ifPresent(key -> request.header("Authorization", "Bearer " + key));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new LlmException("LLM API " + path + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            // A refused connection has no message; its type says what happened.
            throw new LlmException("LLM API " + base + path + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException("interrupted while calling the LLM API", e);
        }
    }

    /** The text of a JSON answer without the Markdown code fence some models wrap it in. */
    static String stripFences(String text) {
        String t = text.strip();
        if (t.startsWith("```")) {
            t = t.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "");
        }
        return t;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
