package dev.engram;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Shared helpers of the HTTP tests. Every request made through {@link #api()} has its response
 * validated against {@code openapi/zep-v2.yaml}, so the server and the contract cannot drift
 * apart. Requests are not validated: many tests send invalid requests on purpose.
 */
public abstract class ApiTestSupport {

    /** The contract validator behind {@link #api()}; responses only, requests are ignored. */
    protected static final OpenApiInteractionValidator VALIDATOR = newValidator();

    private static final OpenApiValidationFilter CONTRACT = new OpenApiValidationFilter(VALIDATOR);

    static OpenApiInteractionValidator newValidator() {
        return OpenApiInteractionValidator.createForSpecificationUrl(specLocation())
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request", ValidationReport.Level.IGNORE)
                        .build())
                .build();
    }

    private static String specLocation() {
        String spec = System.getProperty("contract.spec", "openapi/zep-v2.yaml");
        return Path.of(spec).toAbsolutePath().toUri().toString();
    }

    /** A request whose response must match the contract. */
    protected static RequestSpecification api() {
        return given().filter(CONTRACT).contentType(ContentType.JSON).urlEncodingEnabled(true);
    }

    /** Like {@link #api()} but without a {@code Content-Type} header (what the Go SDK may send). */
    protected static RequestSpecification apiWithoutContentType() {
        return given().filter(CONTRACT).urlEncodingEnabled(true);
    }

    /** A request whose response is not checked against the contract (unknown routes, raw bodies). */
    protected static RequestSpecification raw() {
        return given();
    }

    /**
     * Sends a request exactly as written (for what REST Assured will not send: no Content-Type,
     * a lying Content-Length) and answers the status code.
     */
    protected static int rawHttp(String method, String path, Map<String, String> headers, String body) {
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n");
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            if (body != null && !headers.containsKey("Content-Length") && !headers.containsKey("Transfer-Encoding")) {
                request.append("Content-Length: ").append(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                        .append("\r\n");
            }
            request.append("\r\n").append(body == null ? "" : body);
            socket.getOutputStream().write(request.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A unique id, so tests never collide on the shared database. */
    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static String createUser() {
        String userId = unique("user");
        api().body(Map.of("user_id", userId)).post("/api/v2/users").then().statusCode(201);
        return userId;
    }

    protected static String createSession(String userId) {
        String sessionId = unique("session");
        createSession(userId, sessionId);
        return sessionId;
    }

    protected static void createSession(String userId, String sessionId) {
        api().body(Map.of("session_id", sessionId, "user_id", userId)).post("/api/v2/sessions").then().statusCode(201);
    }

    /** A new session of a new user. */
    protected static String createSession() {
        return createSession(createUser());
    }

    protected static Map<String, Object> message(String roleType, String content) {
        return Map.of("role", roleType.equals("user") ? "Ada" : "Bot", "role_type", roleType, "content", content);
    }

    /** {@code count} messages with contents {@code prefix-0 … prefix-(count-1)}. */
    protected static List<Map<String, Object>> messages(String prefix, int count) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(message(i % 2 == 0 ? "user" : "assistant", prefix + "-" + i));
        }
        return batch;
    }

    /** A mutable map, for bodies that need nulls or later changes. */
    protected static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    protected static void addMessages(String sessionId, List<Map<String, Object>> messages) {
        api().body(Map.of("messages", messages)).post("/api/v2/sessions/{id}/memory", sessionId)
                .then().statusCode(200);
    }

    /**
     * Waits until the background workers have processed every message of the session (derived
     * memory is built after the add call answers). Fails after 60 s.
     */
    protected static void awaitProcessed(String sessionId) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            List<Boolean> processed = api().get("/api/v2/sessions/{id}/messages", sessionId)
                    .then().statusCode(200).extract().jsonPath().getList("messages.processed", Boolean.class);
            if (processed.stream().allMatch(Boolean.TRUE::equals)) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("messages of " + sessionId + " not processed after 60 s: " + processed);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    protected static void addFacts(String sessionId, String... texts) {
        List<Map<String, Object>> facts = new ArrayList<>();
        for (String t : texts) {
            facts.add(Map.of("fact", t));
        }
        api().body(Map.of("facts", facts)).post("/api/v2/sessions/{id}/facts", sessionId)
                .then().statusCode(200);
    }

    /** The contents of every stored message of a session, oldest first. */
    protected static List<String> storedContents(String sessionId) {
        return api().get("/api/v2/sessions/{id}/messages", sessionId)
                .then().statusCode(200).extract().jsonPath().getList("messages.content", String.class);
    }

    protected static JsonPath getJson(String path, Object... params) {
        return api().get(path, params).then().statusCode(200).extract().jsonPath();
    }

    /** Asserts the contract's error shape: the status and a non-empty {@code message}, as JSON. */
    protected static void assertError(Response response, int status) {
        response.then().statusCode(status)
                .contentType(ContentType.JSON)
                .body("message", not(emptyOrNullString()));
    }

    protected static void assertError(Response response, int status, String messagePart) {
        assertError(response, status);
        String message = response.jsonPath().getString("message");
        assertTrue(message.contains(messagePart), () -> "message '" + message + "' should contain '" + messagePart + "'");
    }

    /** Asserts that a raw HTTP exchange matches the contract (for requests made without REST Assured). */
    protected static void assertMatchesContract(String method, String path, int status, String body) {
        com.atlassian.oai.validator.model.SimpleRequest request =
                new com.atlassian.oai.validator.model.SimpleRequest.Builder(method, path).build();
        com.atlassian.oai.validator.model.SimpleResponse response =
                com.atlassian.oai.validator.model.SimpleResponse.Builder.status(status)
                        .withContentType("application/json").withBody(body).build();
        ValidationReport report = VALIDATOR.validate(request, response);
        assertFalse(report.hasErrors(), () -> "response does not match the contract: " + report.getMessages());
    }
}
