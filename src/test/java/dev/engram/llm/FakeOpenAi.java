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
 * The one in-process stand-in for an OpenAI-compatible API that the tests of the LLM
 * implementations use (nothing leaves the machine, no key is needed):
 * {@code POST /v1/chat/completions} answers a chat completion whose content is whatever
 * {@link #answerWith} returns for the request, or the error set by {@link #failWith}; every chat
 * request is recorded with its {@code Authorization} header. {@code POST /v1/embeddings}
 * answers bag-of-words vectors (texts sharing words are close).
 *
 * <p>One server per JVM ({@link #get()}): test profiles point {@code engram.llm.base-url} at
 * {@link #baseUrl()}. Applications of several test classes may reach it, so a test that scripts
 * answers should pick them by what the request is about, not by arrival order.
 */
public final class FakeOpenAi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeOpenAi instance;

    /** A recorded chat request: its JSON body and its Authorization header (null when absent). */
    public record Call(JsonNode body, String authorization) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, String> answer = request -> "{}";
    private volatile int failStatus;
    private volatile String failBody;

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

    /** Forgets recorded requests and errors; chat answers {@code {}} until told otherwise. */
    public void reset() {
        answer = request -> "{}";
        failStatus = 0;
        failBody = null;
        calls.clear();
    }

    /** The chat content to answer for a request (the request's JSON body). */
    public void answerWith(Function<JsonNode, String> answer) {
        this.failStatus = 0;
        this.answer = answer;
    }

    /** Every chat request answers this HTTP error until {@link #answerWith} or {@link #reset}. */
    public void failWith(int status, String body) {
        this.failBody = body;
        this.failStatus = status;
    }

    public List<Call> calls() {
        return calls;
    }

    /** The recorded chat request bodies. */
    public List<JsonNode> requests() {
        return calls.stream().map(Call::body).toList();
    }

    private void chat(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        calls.add(new Call(request, exchange.getRequestHeaders().getFirst("Authorization")));
        int status = failStatus;
        if (status != 0) {
            send(exchange, status, failBody.getBytes(StandardCharsets.UTF_8));
            return;
        }
        // Shaped like OpenAI's answer, with only the fields a client may read.
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-fake").put("object", "chat.completion").put("model", request.path("model").asText());
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", answer.apply(request));
        send(exchange, 200, body.toString().getBytes(StandardCharsets.UTF_8));
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
        send(exchange, 200, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The system prompt of a recorded request. */
    public static String system(JsonNode request) {
        return request.path("messages").path(0).path("content").asText();
    }

    /** The (first) user prompt of a recorded request. */
    public static String user(JsonNode request) {
        return request.path("messages").path(1).path("content").asText();
    }
}
