package dev.engram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * GET /export and POST /import: a round trip of seeded users (deleted in between, so their ids
 * and uuids are free again) gives the same API answers, a second import skips everything, and a
 * bad line is answered 400 with its number and stores nothing of the batch.
 */
@QuarkusTest
class TransferApiTest extends ApiTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void roundTripThroughExportAndImportGivesTheSameAnswers() throws Exception {
        String ada = unique("ada");
        api().body(map("user_id", ada, "email", "ada@example.com", "first_name", "Ada", "last_name", "Lovelace",
                        "metadata", map("plan", "pro", "nested", map("a", 1)),
                        "fact_rating_instruction", map("instruction", "how useful")))
                .post("/api/v2/users").then().statusCode(201);
        String bob = createUser();
        String s1 = unique("s1");
        createSession(ada, s1);
        api().body(map("metadata", map("topic", "travel"))).patch("/api/v2/sessions/{id}", s1).then().statusCode(200);
        addMessages(s1, List.of(
                map("uuid", "00000000-0000-4000-8000-" + suffix(), "role", "Ada", "role_type", "user",
                        "content", "I moved to Lisbon last spring and I love cycling.",
                        "metadata", map("mood", "happy"), "created_at", "2024-03-01T10:00:00.123456Z"),
                map("role", "Bot", "role_type", "assistant", "content", "Lisbon is hilly for cycling!"),
                map("role", "Sys", "role_type", "system", "content", "Be brief."),
                map("role_type", "user", "content", "My sister Grace lives in Porto.")));
        awaitProcessed(s1);
        String s2 = unique("s2");
        createSession(ada, s2);
        addFacts(s2, "Ada prefers tea over coffee", "Ada has a cat called Babbage");
        api().body(Map.of()).post("/api/v2/sessions/{id}/end", s1).then().statusCode(200);
        await("a closing summary of " + s1, () -> getJson("/api/v2/sessions/{id}/summary", s1).getList("summaries"),
                list -> !list.isEmpty());
        String s3 = unique("s3");
        createSession(bob, s3);
        addMessages(s3, messages("bob", 3));
        awaitProcessed(s3);
        Map<String, Object> before = settled(List.of(ada, bob), List.of(s1, s2, s3));
        assertFalse(((List<?>) before.get("facts " + ada)).isEmpty(), "the seed has facts");

        String export = api().queryParam("users", ada).queryParam("users", bob).get("/api/v2/export")
                .then().statusCode(200).contentType("application/x-ndjson").extract().asString();
        List<JsonNode> records = new ArrayList<>();
        for (String line : export.split("\n")) {
            records.add(JSON.readTree(line));
        }
        assertEquals("header", records.get(0).get("kind").asText());
        assertEquals(2, records.get(0).at("/counts/users").asInt());
        List<String> kinds = kindsOfFirstUser(records, ada);
        assertEquals(List.of("user", "session", "message", "message", "message", "message", "summary", "session"),
                kinds.subList(0, 8), "a user, its sessions each with its messages and summaries");
        assertTrue(kinds.size() > 8 && kinds.subList(8, kinds.size()).stream().allMatch("fact"::equals),
                () -> "then the user's facts: " + kinds);

        api().delete("/api/v2/users/{id}", ada).then().statusCode(200);
        api().delete("/api/v2/users/{id}", bob).then().statusCode(200);
        assertError(api().get("/api/v2/users/{id}", ada), 404);

        Response imported = ndjson(export);
        imported.then().statusCode(200);
        assertEquals(2, imported.jsonPath().getInt("created.user"));
        assertEquals(3, imported.jsonPath().getInt("created.session"));
        assertEquals(7, imported.jsonPath().getInt("created.message"));
        assertEquals(0, imported.jsonPath().getInt("skipped.message"));
        assertMatchesContract("POST", "/api/v2/import", 200, imported.asString());

        assertEquals(before, answers(List.of(ada, bob), List.of(s1, s2, s3)), "the same answers after the round trip");

        Response again = ndjson(export);
        again.then().statusCode(200);
        assertEquals(Map.of("user", 0, "session", 0, "message", 0, "fact", 0, "summary", 0),
                again.jsonPath().getMap("created"));
        assertEquals(7, again.jsonPath().getInt("skipped.message"));
        assertEquals(before, answers(List.of(ada, bob), List.of(s1, s2, s3)), "a second import changes nothing");

        // Imported records are found by search once the index has followed.
        await("the imported message in search", () -> api()
                        .body(map("text", "Lisbon cycling", "user_id", ada, "search_scope", "messages"))
                        .post("/api/v2/sessions/search").then().statusCode(200).extract().jsonPath()
                        .getList("results.message.content", String.class),
                found -> found.contains("I moved to Lisbon last spring and I love cycling."));
    }

    @Test
    void anUnprocessedMessageIsProcessedAsIfJustAddedAndAProcessedOneIsNotLearntFromAgain() {
        String userId = unique("imp");
        String processed = unique("done");
        String pending = unique("pending");
        String lines = String.join("\n",
                "{\"kind\":\"user\",\"user_id\":\"" + userId + "\",\"first_name\":\"Ivy\"}",
                "{\"kind\":\"session\",\"session_id\":\"" + processed + "\",\"user_id\":\"" + userId + "\"}",
                "{\"kind\":\"message\",\"session_id\":\"" + processed + "\",\"uuid\":\"" + java.util.UUID.randomUUID()
                        + "\",\"role_type\":\"user\",\"role\":\"Ivy\",\"content\":\"I live in Madrid.\",\"processed\":true}",
                "{\"kind\":\"session\",\"session_id\":\"" + pending + "\",\"user_id\":\"" + userId + "\"}",
                "{\"kind\":\"message\",\"session_id\":\"" + pending + "\",\"uuid\":\"" + java.util.UUID.randomUUID()
                        + "\",\"role_type\":\"user\",\"role\":\"Ivy\",\"content\":\"I work as a baker.\",\"processed\":false}");
        ndjson(lines).then().statusCode(200);
        awaitProcessed(pending);
        List<String> facts = await("a fact learnt from the unprocessed message",
                () -> getJson("/api/v2/users/{id}/facts", userId).getList("facts.fact", String.class),
                list -> !list.isEmpty());
        assertTrue(facts.stream().noneMatch(f -> f.contains("Madrid")), () -> "the processed message was learnt from: " + facts);
        assertTrue(getJson("/api/v2/sessions/{id}/facts", processed).getList("facts").isEmpty());
    }

    @Test
    void aBadLineIsNamedAndNothingOfTheBatchIsStored() {
        String userId = unique("bad");
        String body = "{\"kind\":\"user\",\"user_id\":\"" + userId + "\"}\n\nnot json\n";
        assertError(ndjson(body), 400, "line 3");
        assertError(api().get("/api/v2/users/{id}", userId), 404);

        assertError(ndjson("{\"kind\":\"user\",\"user_id\":\"" + userId + "\"}\n{\"kind\":\"planet\"}"),
                400, "line 2: unknown kind 'planet'");
        assertError(ndjson("{\"kind\":\"message\",\"uuid\":\"7b0c8f0e-0000-4000-8000-000000000001\",\"session_id\":\""
                        + unique("nowhere") + "\",\"role_type\":\"user\",\"content\":\"hi\"}"),
                400, "line 1: session");
        assertError(ndjson("{\"kind\":\"header\",\"format\":\"engram-export\",\"version\":9}"),
                400, "line 1: version 9");
        // Text no database can store back as sent, refused as in a JSON request body.
        assertError(ndjson("{\"kind\":\"user\",\"user_id\":\"" + userId + "\",\"first_name\":\"A\\u0000B\"}"),
                400, "line 1: first_name contains U+0000");
        assertError(api().queryParam("users", unique("nobody")).get("/api/v2/export"), 404);
        assertError(api().get("/api/v2/users/{id}", userId), 404);
    }

    private static List<String> kindsOfFirstUser(List<JsonNode> records, String userId) {
        List<String> kinds = new ArrayList<>();
        boolean inUser = false;
        for (JsonNode r : records) {
            String kind = r.get("kind").asText();
            if (kind.equals("user")) {
                if (inUser) {
                    break;
                }
                inUser = r.get("user_id").asText().equals(userId);
            }
            if (inUser) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /** Every answer of the API about these users and sessions, internal {@code id}s left out. */
    private static Map<String, Object> answers(List<String> users, List<String> sessions) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String u : users) {
            all.put("user " + u, withoutIds(getJson("/api/v2/users/{id}", u).get("")));
            all.put("sessions " + u, withoutIds(getJson("/api/v2/users/{id}/sessions", u).get("")));
            all.put("facts " + u, getJson("/api/v2/users/{id}/facts", u).getList("facts"));
        }
        for (String s : sessions) {
            all.put("session " + s, withoutIds(getJson("/api/v2/sessions/{id}", s).get("")));
            all.put("messages " + s, getJson("/api/v2/sessions/{id}/messages", s).get(""));
            all.put("summaries " + s, getJson("/api/v2/sessions/{id}/summary", s).get(""));
            all.put("session facts " + s, getJson("/api/v2/sessions/{id}/facts", s).get(""));
            all.put("memory " + s, getJson("/api/v2/sessions/{id}/memory?lastn=100", s).get("messages"));
        }
        return all;
    }

    /** The internal {@code id} numbers of users and sessions are the target server's own. */
    @SuppressWarnings("unchecked")
    private static Object withoutIds(Object answer) {
        if (answer instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
            copy.remove("id");
            return copy;
        }
        if (answer instanceof List<?> list) {
            return list.stream().map(TransferApiTest::withoutIds).toList();
        }
        return answer;
    }

    /**
     * The answers once the background work on these users is done: every fact of a user with a
     * rating instruction rated, and two readings a second apart alike. (Other tests' jobs share
     * the queue, so its length says nothing about these users.)
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> settled(List<String> users, List<String> sessions) {
        await("the facts of " + users.get(0) + " rated", () -> getJson("/api/v2/users/{id}/facts", users.get(0))
                .getList("facts.rating"), ratings -> ratings.stream().allMatch(java.util.Objects::nonNull));
        Map<String, Object>[] last = new Map[] {answers(users, sessions)};
        return await("the answers to stop changing", () -> {
            sleep(1000);
            Map<String, Object> previous = last[0];
            last[0] = answers(users, sessions);
            return previous.equals(last[0]) ? last[0] : null;
        }, java.util.Objects::nonNull);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    private static <T> T await(String what, Supplier<T> read, Predicate<T> done) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            T value = read.get();
            if (done.test(value)) {
                return value;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(what + ": not there after 60 s, last " + value);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    /** POSTs the lines to /import as they are (REST Assured has no encoder for the media type). */
    private static Response ndjson(String lines) {
        return raw().contentType("application/x-ndjson").body(lines.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v2/import");
    }

    private static String suffix() {
        return java.util.UUID.randomUUID().toString().substring(24);
    }
}
