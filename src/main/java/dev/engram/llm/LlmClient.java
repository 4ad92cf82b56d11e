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

    /** One chat completion; with {@code jsonObject} the model is asked to answer a JSON object. */
    public String chat(String system, String user, boolean jsonObject) {
        ObjectNode body = json.createObjectNode();
        body.put("model", config.chatModel());
        body.put("temperature", 0);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", user);
        if (jsonObject) {
            body.putObject("response_format").put("type", "json_object");
        }
        JsonNode answer = post("/chat/completions", body);
        JsonNode content = answer.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            throw new LlmException("the LLM answer has no choices[0].message.content");
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

    private static String stripFences(String text) {
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
