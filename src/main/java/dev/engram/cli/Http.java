package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A Zep v2 API at a base URL ({@code .../api/v2}), with its API key: JSON reads, the import of a
 * batch and the export stream. A request answered 429 or 503 (busy; nothing was stored), or one
 * that could not connect, is sent again after a pause (the server's {@code Retry-After} when it
 * gives one), as the SDKs do.
 */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 6;

    /** A non-2xx answer: the status and the server's {@code message} (or the body). */
    static final class Failure extends IOException {
        final int status;

        Failure(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    final String base;
    private final String apiKey;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

    Http(String url, String apiKey) {
        this.base = apiBase(url);
        this.apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey;
    }

    /** Accepts the server's root or its {@code /api/v2} base (what the SDKs are given). */
    static String apiBase(String url) {
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return u.endsWith("/api/v2") ? u : u + "/api/v2";
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode getJson(String path) throws IOException {
        HttpResponse<byte[]> answer = send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        return JSON.readTree(answer.body());
    }

    JsonNode postNdjson(String path, byte[] lines) throws IOException {
        HttpRequest r = request(path).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(lines)).build();
        return JSON.readTree(send(r, HttpResponse.BodyHandlers.ofByteArray()).body());
    }

    InputStream stream(String path) throws IOException {
        // The records; an error still comes as JSON.
        return send(request(path).setHeader("Accept", "application/x-ndjson, application/json;q=0.5").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream()).body();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10))
                .header("Accept", "application/json, application/x-ndjson");
        if (apiKey != null) {
            b.header("Authorization", "Api-Key " + apiKey);
        }
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            long pauseMs = 500L << (attempt - 1);
            try {
                HttpResponse<T> answer = client.send(request, body);
                int status = answer.statusCode();
                if (status >= 200 && status < 300) {
                    return answer;
                }
                String text = text(answer.body());
                last = new Failure(status, request.method() + " " + request.uri().getPath() + " answered " + status
                        + ": " + message(text));
                if (status != 429 && status != 503) {
                    throw last;
                }
                pauseMs = answer.headers().firstValue("Retry-After").map(Http::seconds).orElse(pauseMs);
            } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
                last = new IOException("cannot reach " + request.uri() + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (attempt < ATTEMPTS) {
                sleep(pauseMs);
            }
        }
        throw last;
    }

    private static String text(Object body) throws IOException {
        if (body instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (body instanceof InputStream in) {
            try (in) {
                return new String(in.readNBytes(10_000), StandardCharsets.UTF_8);
            }
        }
        return String.valueOf(body);
    }

    private static String message(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (IOException notJson) {
            // the body as it is
        }
        return body.length() > 500 ? body.substring(0, 500) + "..." : body;
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.min(60, Long.parseLong(retryAfter.trim())) * 1000;
        } catch (NumberFormatException e) {
            return 1000;
        }
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
