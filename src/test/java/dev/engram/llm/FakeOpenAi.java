package dev.engram.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An in-process stand-in for an OpenAI-compatible API: {@code POST /v1/chat/completions} answers
 * whatever {@link #answer} returns for the request (every chat request body is recorded), and
 * {@code POST /v1/embeddings} answers bag-of-words vectors (texts sharing words are close).
 */
public final class FakeOpenAi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeOpenAi instance;

    private final HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, String> answer = request -> "{}";

    private FakeOpenAi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", this::chat);
        server.createContext("/v1/embeddings", this::embeddings);
        server.start();
    }

    public static synchronized FakeOpenAi get() {
        if (instance == null) {
            try {
                instance = new FakeOpenAi();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the fake LLM API", e);
            }
        }
        return instance;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The chat content to answer for a request (the request's JSON body). */
    public void answerWith(Function<JsonNode, String> answer) {
        this.answer = answer;
    }

    public List<JsonNode> requests() {
        return requests;
    }

    private void chat(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        requests.add(request);
        ObjectNode body = JSON.createObjectNode();
        body.putArray("choices").addObject().putObject("message").put("role", "assistant").put("content", answer.apply(request));
        send(exchange, body);
    }

    private void embeddings(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        ObjectNode body = JSON.createObjectNode();
        var data = body.putArray("data");
        for (JsonNode input : request.path("input")) {
            var vector = data.addObject().putArray("embedding");
            float[] counts = new float[64];
            for (String word : input.asText().toLowerCase().split("\\W+")) {
                if (!word.isEmpty()) {
                    counts[Math.floorMod(word.hashCode(), counts.length)] += 1;
                }
            }
            counts[0] += 0.01f; // never the zero vector
            for (float c : counts) {
                vector.add(c);
            }
        }
        send(exchange, body);
    }

    private static void send(HttpExchange exchange, ObjectNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The system prompt of a recorded request. */
    public static String system(JsonNode request) {
        return request.path("messages").path(0).path("content").asText();
    }

    /** The user prompt of a recorded request. */
    public static String user(JsonNode request) {
        return request.path("messages").path(1).path("content").asText();
    }
}
