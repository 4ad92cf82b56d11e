package dev.engram;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the official SDKs put on the wire, and what careless clients do, must never break the server. */
@QuarkusTest
class WireToleranceTest extends ApiTestSupport {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** An exchange made with the JDK client, which sends exactly the headers it is given. */
    private record Exchange(int status, String contentType, String body) {
        JsonPath json() {
            return new JsonPath(body);
        }
    }

    private static Exchange send(String method, String path, BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .method(method, body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Exchange(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void assertJsonError(Exchange exchange, int status) {
        assertEquals(status, exchange.status(), exchange::body);
        assertTrue(exchange.contentType().startsWith("application/json"), exchange::contentType);
        assertTrue(exchange.json().getString("message") != null && !exchange.json().getString("message").isBlank(),
                exchange::body);
    }

    private static void assertRawJsonError(Response response, int status) {
        assertError(response, status);
    }

    // --- bodies on GET and DELETE (Python SDK) -----------------------------------------------

    @Test
    void aGetWithAnEmptyJsonObjectBodyIsAccepted() {
        String userId = createUser();
        String sessionId = createSession(userId);
        addMessages(sessionId, messages("m", 1));
        api().body("{}").get("/api/v2/users/{id}", userId).then().statusCode(200).body("user_id", equalTo(userId));
        api().body("{}").get("/api/v2/users-ordered?pageSize=1").then().statusCode(200);
        api().body("{}").get("/api/v2/sessions/{id}/memory", sessionId).then().statusCode(200).body("messages.size()", equalTo(1));
        api().body("{}").get("/api/v2/sessions/{id}/messages", sessionId).then().statusCode(200);
        api().body("{}").get("/api/v2/users/{id}/sessions", userId).then().statusCode(200);
    }

    @Test
    void aDeleteWithAnEmptyJsonObjectBodyIsAccepted() {
        String userId = createUser();
        String sessionId = createSession(userId);
        api().body("{}").delete("/api/v2/sessions/{id}/memory", sessionId).then().statusCode(200);
        api().body("{}").delete("/api/v2/users/{id}", userId).then().statusCode(200);
        assertError(api().get("/api/v2/users/{id}", userId), 404);
    }

    // --- no body, no content type (Go SDK) ---------------------------------------------------

    @Test
    void endingASessionWithNoBodyAndNoContentTypeWorks() {
        String sessionId = createSession();
        String path = "/api/v2/sessions/" + sessionId + "/end";
        Exchange exchange = send("POST", path, BodyPublishers.noBody());
        assertEquals(200, exchange.status(), exchange.body());
        assertMatchesContract("POST", path, exchange.status(), exchange.body());
        Timestamps.parseUtc(exchange.json().getString("session.ended_at"));
    }

    @Test
    void endingASessionWithNoBodyButAJsonContentTypeWorks() {
        String sessionId = createSession();
        String path = "/api/v2/sessions/" + sessionId + "/end";
        Exchange exchange = send("POST", path, BodyPublishers.noBody(), "Content-Type", "application/json");
        assertEquals(200, exchange.status(), exchange.body());
        assertMatchesContract("POST", path, exchange.status(), exchange.body());
    }

    @Test
    void patchingWithNoBodyAndNoContentTypeChangesNothing() {
        String userId = unique("u");
        api().body(Map.of("user_id", userId, "first_name", "Ada", "metadata", Map.of("a", 1))).post("/api/v2/users")
                .then().statusCode(201);
        String sessionId = unique("s");
        api().body(Map.of("session_id", sessionId, "user_id", userId, "metadata", Map.of("b", 2))).post("/api/v2/sessions")
                .then().statusCode(201);
        addMessages(sessionId, List.of(map("role_type", "user", "content", "x", "metadata", Map.of("c", 3))));
        String messageUuid = getJson("/api/v2/sessions/{id}/messages", sessionId).getString("messages[0].uuid");

        for (String path : List.of("/api/v2/users/" + userId, "/api/v2/sessions/" + sessionId,
                "/api/v2/sessions/" + sessionId + "/messages/" + messageUuid)) {
            Exchange exchange = send("PATCH", path, BodyPublishers.noBody());
            assertEquals(200, exchange.status(), () -> path + ": " + exchange.body());
            assertMatchesContract("PATCH", path, exchange.status(), exchange.body());
        }
        api().get("/api/v2/users/{id}", userId).then().body("first_name", equalTo("Ada")).body("metadata.a", equalTo(1));
        api().get("/api/v2/sessions/{id}", sessionId).then().body("metadata.b", equalTo(2));
        api().get("/api/v2/sessions/{id}/messages/{uuid}", sessionId, messageUuid).then().body("metadata.c", equalTo(3));
    }

    @Test
    void aJsonBodyWithoutContentTypeIsTakenAsJson() {
        String userId = unique("u");
        Exchange exchange = send("POST", "/api/v2/users", BodyPublishers.ofString("{\"user_id\":\"" + userId + "\"}"));
        assertEquals(201, exchange.status(), exchange.body());
        assertMatchesContract("POST", "/api/v2/users", exchange.status(), exchange.body());
        api().get("/api/v2/users/{id}", userId).then().statusCode(200);
    }

    @Test
    void aNonJsonContentTypeIsAJsonError() {
        Exchange exchange = send("POST", "/api/v2/users", BodyPublishers.ofString("user_id=x"),
                "Content-Type", "application/x-www-form-urlencoded");
        assertJsonError(exchange, 415);
    }

    // --- null and unknown fields -------------------------------------------------------------

    @Test
    void explicitNullsMeanAbsent() {
        String userId = unique("u");
        api().body("{\"user_id\":\"" + userId + "\",\"email\":null,\"first_name\":null,\"last_name\":null,"
                        + "\"metadata\":null,\"fact_rating_instruction\":null}")
                .post("/api/v2/users").then().statusCode(201).body("user_id", equalTo(userId));
        String sessionId = unique("s");
        api().body("{\"session_id\":\"" + sessionId + "\",\"user_id\":\"" + userId + "\",\"metadata\":null,"
                        + "\"fact_rating_instruction\":null}")
                .post("/api/v2/sessions").then().statusCode(201);
        api().body("{\"messages\":[{\"role_type\":\"user\",\"content\":\"hi\",\"role\":null,\"uuid\":null,"
                        + "\"created_at\":null,\"metadata\":null}],\"ignore_roles\":null,\"return_context\":null,"
                        + "\"fact_instruction\":null,\"summary_instruction\":null}")
                .post("/api/v2/sessions/{id}/memory", sessionId).then().statusCode(200);
        api().body("{\"email\":null,\"first_name\":null,\"metadata\":null,\"fact_rating_instruction\":null}")
                .patch("/api/v2/users/{id}", userId).then().statusCode(200);
        api().body("{\"metadata\":null,\"fact_rating_instruction\":null}")
                .patch("/api/v2/sessions/{id}", sessionId).then().statusCode(200);
        api().body("{\"classify\":null,\"instruction\":null}")
                .post("/api/v2/sessions/{id}/end", sessionId).then().statusCode(200)
                .body("session.ended_at", notNullValue());
        assertEquals(List.of("hi"), storedContents(sessionId));
    }

    @Test
    void unknownFieldsAreIgnored() {
        String userId = unique("u");
        api().body(Map.of("user_id", userId, "favourite_colour", "green", "nested", Map.of("x", 1)))
                .post("/api/v2/users").then().statusCode(201);
        String sessionId = unique("s");
        api().body(Map.of("session_id", sessionId, "user_id", userId, "classifications", Map.of("a", "b"), "extra", 1))
                .post("/api/v2/sessions").then().statusCode(201);
        api().body(Map.of("messages", List.of(map("role_type", "user", "content", "hi", "emoji", "yes")), "unknown", true))
                .post("/api/v2/sessions/{id}/memory", sessionId).then().statusCode(200);
        api().body(Map.of("first_name", "Ada", "shoe_size", 38)).patch("/api/v2/users/{id}", userId)
                .then().statusCode(200).body("first_name", equalTo("Ada"));
    }

    @Test
    void messagesResentFromAResponseAreAccepted() {
        String from = createSession();
        addMessages(from, messages("m", 2));
        List<Map<String, Object>> previous = getJson("/api/v2/sessions/{id}/messages", from).getList("messages");
        previous.forEach(m -> m.remove("uuid"));
        String to = createSession();
        addMessages(to, previous);
        assertEquals(List.of("m-0", "m-1"), storedContents(to));
    }

    // --- path encoding -----------------------------------------------------------------------

    @Test
    void idsWithSpacesAndNonAsciiCharactersRoundTrip() {
        String userId = unique("Ada Lovelace ü 東京");
        api().body(Map.of("user_id", userId)).post("/api/v2/users").then().statusCode(201).body("user_id", equalTo(userId));
        api().get("/api/v2/users/{id}", userId).then().statusCode(200).body("user_id", equalTo(userId));

        String sessionId = unique("chat ü %");
        createSession(userId, sessionId);
        addMessages(sessionId, messages("m", 1));
        api().get("/api/v2/sessions/{id}/memory", sessionId).then().statusCode(200).body("messages.size()", equalTo(1));
        api().get("/api/v2/users/{id}/sessions", userId).then().statusCode(200).body("[0].session_id", equalTo(sessionId));
    }

    @Test
    void percentEncodedPathSegmentsAreDecoded() {
        String suffix = unique("x");
        String userId = "a b ü " + suffix;
        api().body(Map.of("user_id", userId)).post("/api/v2/users").then().statusCode(201);
        api().urlEncodingEnabled(false).get("/api/v2/users/a%20b%20%C3%BC%20" + suffix)
                .then().statusCode(200).body("user_id", equalTo(userId));
    }

    @Test
    void aLiteralPercentTwoFInAnIdRoundTripsWhenEncoded() {
        String userId = createUser();
        String sessionId = unique("a%2Fb");
        createSession(userId, sessionId);
        api().urlEncodingEnabled(false).get("/api/v2/sessions/" + sessionId.replace("%", "%25"))
                .then().statusCode(200).body("session_id", equalTo(sessionId));
        api().get("/api/v2/sessions/{id}", sessionId).then().statusCode(200).body("session_id", equalTo(sessionId));
    }

    @Test
    void anEncodedSlashIsDataNotAPathSeparator() {
        String sessionId = createSession();
        addMessages(sessionId, messages("m", 1));
        // Were %2F a separator this would be GET /sessions/{id}/memory of an existing session.
        Response response = api().urlEncodingEnabled(false).get("/api/v2/sessions/" + sessionId + "%2Fmemory");
        assertError(response, 404, sessionId + "/memory");
        assertError(api().urlEncodingEnabled(false).get("/api/v2/users/a%2Fb"), 404, "a/b");
    }

    @Test
    void idsWithSlashesCannotBeCreated() {
        String userId = createUser();
        assertError(api().body(Map.of("session_id", unique("a/b"), "user_id", userId)).post("/api/v2/sessions"), 400);
        assertError(api().body(Map.of("user_id", unique("a/b"))).post("/api/v2/users"), 400);
    }

    // --- routing errors ----------------------------------------------------------------------

    @Test
    void anUnknownRouteIs404Json() {
        assertRawJsonError(raw().get("/api/v2/nope"), 404);
        assertRawJsonError(raw().post("/api/v2/users/x/whatever"), 404);
        assertRawJsonError(raw().get("/nope"), 404);
    }

    @Test
    void aWrongMethodIs405Json() {
        assertRawJsonError(raw().put("/api/v2/sessions/x"), 405);
        assertRawJsonError(raw().delete("/api/v2/sessions-ordered"), 405);
        assertRawJsonError(raw().post("/api/v2/users-ordered"), 405);
        assertRawJsonError(raw().get("/api/v2/sessions/end"), 404); // routed to GET /sessions/{id}: no session "end"
    }

    @Test
    void malformedJsonIs400Json() {
        String sessionId = createSession();
        assertError(api().body("{\"user_id\":").post("/api/v2/users"), 400);
        assertError(api().body("{not json}").patch("/api/v2/sessions/{id}", sessionId), 400);
        assertError(api().body("[1,2]").post("/api/v2/sessions/{id}/memory", sessionId), 400);
        assertError(api().body("\"text\"").post("/api/v2/sessions"), 400);
    }

    @Test
    void wrongJsonTypesAre400NotServerErrors() {
        String userId = createUser();
        String sessionId = createSession(userId);
        assertError(api().body(Map.of("messages", "hello")).post("/api/v2/sessions/{id}/memory", sessionId), 400);
        assertError(api().body(Map.of("messages", List.of("hello"))).post("/api/v2/sessions/{id}/memory", sessionId), 400);
        assertError(api().body(Map.of("messages", List.of(map("role_type", "user", "content", Map.of("a", 1)))))
                .post("/api/v2/sessions/{id}/memory", sessionId), 400);
        assertError(api().body(Map.of("messages", List.of(map("role_type", "user", "content", "x", "created_at", List.of()))))
                .post("/api/v2/sessions/{id}/memory", sessionId), 400);
        assertError(api().body(Map.of("metadata", "not an object")).patch("/api/v2/sessions/{id}", sessionId), 400);
        assertError(api().body(Map.of("metadata", List.of(1))).patch("/api/v2/users/{id}", userId), 400);
        assertError(api().body(Map.of("session_ids", "abc")).post("/api/v2/sessions/end"), 400);
        assertError(api().body(Map.of("facts", "abc")).post("/api/v2/sessions/{id}/facts", sessionId), 400);
        assertEquals(List.of(), storedContents(sessionId));
    }

    @Test
    void outOfRangeNumbersInQueriesAre400NotServerErrors() {
        String sessionId = createSession();
        addMessages(sessionId, messages("m", 3));
        assertError(api().get("/api/v2/sessions-ordered?page_size=99999999999"), 400);
        assertError(api().get("/api/v2/users-ordered?pageNumber=99999999999"), 400);
        assertError(api().get("/api/v2/sessions/{id}/memory?lastn=99999999999", sessionId), 400);
        api().get("/api/v2/sessions/{id}/memory?lastn=2147483647", sessionId).then().statusCode(200)
                .body("messages.size()", equalTo(3));
        api().get("/api/v2/users-ordered?pageNumber=2147483647&pageSize=1000").then().statusCode(200)
                .body("users.size()", equalTo(0));
        api().get("/api/v2/sessions/{id}/messages?limit=2&cursor=9223372036854775807", sessionId).then().statusCode(200)
                .body("messages.size()", equalTo(0)).body("total_count", equalTo(3));
        api().get("/api/v2/sessions/{id}/messages?limit=2147483647&cursor=3", sessionId).then().statusCode(200)
                .body("messages.size()", equalTo(0)).body("total_count", equalTo(3));
    }

    @Test
    void aBodyOverTheLimitIs413Json() {
        byte[] body = ("{\"user_id\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        Exchange declared = send("POST", "/api/v2/users", BodyPublishers.ofByteArray(body), "Content-Type", "application/json");
        assertJsonError(declared, 413);
        assertMatchesContract("POST", "/api/v2/users", declared.status(), declared.body());
    }

    @Test
    void aChunkedBodyOverTheLimitIs413Json() {
        byte[] body = ("{\"user_id\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        Exchange chunked = send("POST", "/api/v2/users",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)), "Content-Type", "application/json");
        assertJsonError(chunked, 413);
        assertMatchesContract("POST", "/api/v2/users", chunked.status(), chunked.body());
    }

    @Test
    void aChunkedBodyUnderTheLimitIsAccepted() {
        String userId = unique("chunked");
        byte[] body = ("{\"user_id\":\"" + userId + "\"}").getBytes(StandardCharsets.UTF_8);
        Exchange chunked = send("POST", "/api/v2/users",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)), "Content-Type", "application/json");
        assertEquals(201, chunked.status(), chunked.body());
        assertMatchesContract("POST", "/api/v2/users", chunked.status(), chunked.body());
        api().get("/api/v2/users/{id}", userId).then().statusCode(200);
    }

    @Test
    void aBodyJustUnderTheLimitIsNotRejectedForItsSize() {
        // 4 MiB of content in one message: over the per-message limit (400), but not over the body limit (413).
        String content = "x".repeat(4 * 1024 * 1024);
        String sessionId = createSession();
        assertError(api().body(Map.of("messages", List.of(message("user", content)))).post("/api/v2/sessions/{id}/memory", sessionId),
                400, "messages[0]");
    }

    // --- no redirects ------------------------------------------------------------------------

    @Test
    void aTrailingSlashIsNeverRedirected() {
        String userId = createUser();
        for (String path : List.of("/api/v2/users/" + userId + "/", "/api/v2/users-ordered/", "/api/v2/sessions-ordered/")) {
            Response response = raw().redirects().follow(false).get(path);
            int status = response.statusCode();
            assertTrue(status < 300 || status >= 400, () -> path + " answered " + status);
            response.then().contentType(containsString("application/json"));
            if (status >= 400) {
                response.then().body("message", notNullValue());
            }
        }
        Response post = raw().redirects().follow(false).contentType("application/json")
                .body(Map.of("user_id", unique("u"))).post("/api/v2/users/");
        assertTrue(post.statusCode() < 300 || post.statusCode() >= 400, () -> "POST /users/ answered " + post.statusCode());
    }

    @Test
    void everySuccessCarriesAJsonBody() {
        String userId = createUser();
        String sessionId = createSession(userId);
        addFacts(sessionId, "fact");
        String factUuid = getJson("/api/v2/sessions/{id}/facts", sessionId).getString("facts[0].uuid");
        api().delete("/api/v2/facts/{uuid}", factUuid).then().statusCode(200)
                .contentType(containsString("application/json")).body("message", notNullValue());
        api().body(Map.of("messages", messages("m", 1))).post("/api/v2/sessions/{id}/memory", sessionId)
                .then().statusCode(200).contentType(containsString("application/json")).body("message", equalTo("OK"))
                .body("context", nullValue());
        api().delete("/api/v2/sessions/{id}/memory", sessionId).then().statusCode(200)
                .contentType(containsString("application/json")).body("message", notNullValue());
        api().delete("/api/v2/users/{id}", userId).then().statusCode(200)
                .contentType(containsString("application/json")).body("message", notNullValue());
    }
}
