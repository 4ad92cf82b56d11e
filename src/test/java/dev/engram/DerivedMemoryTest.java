package dev.engram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import dev.engram.fact.FactEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Facts, ratings, summaries, relevance and the user node, derived from messages, through the HTTP API. */
@QuarkusTest
class DerivedMemoryTest extends ApiTestSupport {

    private static final Map<String, Object> TRAVEL_RATING = Map.of("instruction", "Rate travel facts high",
            "examples", Map.of("high", "Ada loves trains", "low", "Ada said hi"));

    private static String createUser(String firstName, String lastName, Map<String, Object> ratingInstruction) {
        String userId = unique("user");
        Map<String, Object> body = new HashMap<>(Map.of("user_id", userId, "first_name", firstName));
        if (lastName != null) {
            body.put("last_name", lastName);
        }
        if (ratingInstruction != null) {
            body.put("fact_rating_instruction", ratingInstruction);
        }
        api().body(body).post("/api/v2/users").then().statusCode(201);
        return userId;
    }

    private static Map<String, Object> said(String role, String roleType, String content, String createdAt) {
        Map<String, Object> m = new HashMap<>(Map.of("role", role, "role_type", roleType, "content", content));
        if (createdAt != null) {
            m.put("created_at", createdAt);
        }
        return m;
    }

    /** One message of Ada's (the user), added and processed (facts learnt) before this returns. */
    private static void adaSaysAndIsHeard(String sessionId, String content, String createdAt) {
        add(sessionId, Map.of("messages", List.of(said("Ada", "user", content, createdAt))));
        awaitProcessed(sessionId);
    }

    private static void add(String sessionId, Map<String, Object> body) {
        api().body(body).post("/api/v2/sessions/{id}/memory", sessionId).then().statusCode(200);
    }

    private static List<Map<String, Object>> sessionFacts(String sessionId) {
        return api().get("/api/v2/sessions/{id}/facts", sessionId).then().statusCode(200).extract().jsonPath().getList("facts");
    }

    private static List<Map<String, Object>> userFacts(String userId) {
        return api().get("/api/v2/users/{id}/facts", userId).then().statusCode(200).extract().jsonPath().getList("facts");
    }

    private static List<String> texts(List<Map<String, Object>> facts) {
        return facts.stream().map(f -> (String) f.get("content")).toList();
    }

    private static Map<String, Object> factWithText(List<Map<String, Object>> facts, String text) {
        return facts.stream().filter(f -> text.equals(f.get("content"))).findFirst()
                .orElseThrow(() -> new AssertionError("no fact '" + text + "' in " + texts(facts)));
    }

    private static JsonPath memory(String sessionId, String query) {
        return api().get("/api/v2/sessions/{id}/memory" + query, sessionId).then().statusCode(200).extract().jsonPath();
    }

    /** Polls until {@code condition} holds for the value read (background work), failing after 60 s. */
    private static <T> T await(String what, java.util.function.Supplier<T> read, Predicate<T> condition) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            T value = read.get();
            if (condition.test(value)) {
                return value;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(what + " not reached after 60 s: " + value);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    private static List<Map<String, Object>> summaries(String sessionId) {
        return api().get("/api/v2/sessions/{id}/summary", sessionId).then().statusCode(200).extract().jsonPath().getList("summaries");
    }

    @Test
    void factsAreLearntFromWhatTheUserSays() {
        String userId = createUser("Ada", "Lovelace", null);
        String sessionId = createSession(userId);
        add(sessionId, Map.of("messages", List.of(
                said("system", "system", "You are a helpful assistant.", null),
                said("Ada", "user", "Hi, I am Ada. I moved to Lisbon last month.", "2024-03-01T10:00:00Z"),
                said("assistant", "assistant", "Welcome! I live in the cloud, I work at OpenCorp.", null),
                said("", "user", "I work as a nurse and I have two cats. Can you find me a vet?", "2024-03-01T10:01:00Z"))));
        awaitProcessed(sessionId);
        List<Map<String, Object>> facts = sessionFacts(sessionId);
        assertEquals(List.of("Ada lives in Lisbon", "Ada works as a nurse", "Ada has two cats"), texts(facts),
                "facts about the user only: not the assistant's, not from questions");
        Map<String, Object> lisbon = facts.get(0);
        assertEquals("Ada", lisbon.get("source_node_name"));
        assertEquals("Lisbon", lisbon.get("target_node_name"));
        assertEquals("LIVES_IN", lisbon.get("name"));
        String movedUuid = api().get("/api/v2/sessions/{id}/messages", sessionId).then().statusCode(200).extract()
                .jsonPath().getString("messages.find { it.content.contains('Lisbon') }.uuid");
        assertEquals(List.of(movedUuid), lisbon.get("episodes"), "the message the fact was learnt from");
        assertTrue(OffsetDateTime.parse((String) lisbon.get("valid_at")).isEqual(OffsetDateTime.parse("2024-03-01T10:00:00Z")),
                "valid_at is the message time: " + lisbon.get("valid_at"));
        assertNull(lisbon.get("invalid_at"));
        assertNull(lisbon.get("rating"), "no rating instruction, no rating");
        assertEquals("nurse", facts.get(1).get("target_node_name"));
        assertEquals(texts(facts), texts(userFacts(userId)), "the session's facts are the user's");
    }

    @Test
    void aFactKnownAlreadyIsNotStoredTwiceAndANewCityReplacesTheOld() {
        String userId = createUser("Ada", null, null);
        String first = createSession(userId);
        adaSaysAndIsHeard(first, "I live in Lisbon.", "2024-01-01T00:00:00Z");
        String second = createSession(userId);
        add(second, Map.of("messages", List.of(said("Ada", "user", "I moved to Lisbon. I am a nurse.", "2024-02-01T00:00:00Z"),
                said("Ada", "user", "I work as a nurse, really.", "2024-02-01T00:01:00Z"))));
        awaitProcessed(second);
        api().body(Map.of("facts", List.of(Map.of("fact", "ada lives in lisbon.")))).post("/api/v2/sessions/{id}/facts", second)
                .then().statusCode(200);
        assertEquals(List.of("Ada lives in Lisbon", "Ada is a nurse"), texts(userFacts(userId)),
                "same text, same relation to the same entity, or the same text added by the API: stored once");

        adaSaysAndIsHeard(second, "Big news: I moved to Porto!", "2024-06-01T12:00:00Z");
        List<Map<String, Object>> facts = userFacts(userId);
        Map<String, Object> lisbon = factWithText(facts, "Ada lives in Lisbon");
        Map<String, Object> porto = factWithText(facts, "Ada lives in Porto");
        assertTrue(OffsetDateTime.parse((String) lisbon.get("invalid_at")).isEqual(OffsetDateTime.parse("2024-06-01T12:00:00Z")),
                "the old city stopped being true when the new one became true: " + lisbon);
        assertNotNull(lisbon.get("expired_at"));
        assertNull(porto.get("invalid_at"));
        assertNull(factWithText(facts, "Ada is a nurse").get("invalid_at"), "other relations are untouched");
        List<String> relevant = memory(second, "").getList("relevant_facts.content");
        assertTrue(relevant.contains("Ada lives in Porto") && !relevant.contains("Ada lives in Lisbon"),
                "facts no longer valid are not relevant: " + relevant);
    }

    @Inject
    Embedder embedder;

    @Test
    void aCityTrueAgainIsLearntAgainWithTheVectorOfItsText() {
        String userId = createUser("Ada", null, null);
        String sessionId = createSession(userId);
        adaSaysAndIsHeard(sessionId, "I live in Lisbon.", "2024-01-01T00:00:00Z");
        adaSaysAndIsHeard(sessionId, "Big news: I moved to Porto!", "2024-06-01T12:00:00Z");
        adaSaysAndIsHeard(sessionId, "I moved to Lisbon.", "2024-09-01T12:00:00Z");
        List<Map<String, Object>> lisbon = userFacts(userId).stream().filter(f -> "Ada lives in Lisbon".equals(f.get("content"))).toList();
        assertEquals(2, lisbon.size(), "the old fact, ended by Porto, and the new one: " + lisbon);
        assertEquals(1, lisbon.stream().filter(f -> f.get("invalid_at") == null).count(), lisbon.toString());
        // The new fact takes the stored vector of the same text (no second embedding): it must be that text's.
        byte[] expected = Vectors.toBytes(embedder.embed("Ada lives in Lisbon"));
        List<byte[]> stored = QuarkusTransaction.requiringNew().call(() -> FactEntity.<FactEntity>list(
                "userPk = (select u.id from UserEntity u where u.userId = ?1) and content = ?2", userId, "Ada lives in Lisbon")
                .stream().map(f -> f.embedding).toList());
        assertEquals(2, stored.size());
        stored.forEach(vector -> assertArrayEquals(expected, vector));
    }

    @Test
    void ignoredRolesTeachNoFactsButAreProcessed() {
        String userId = createUser("Ada", null, null);
        String sessionId = createSession(userId);
        add(sessionId, Map.of("ignore_roles", List.of("user"),
                "messages", List.of(said("Ada", "user", "I live in Berlin and I love jazz.", null))));
        awaitProcessed(sessionId);
        assertEquals(List.of(), sessionFacts(sessionId));
        add(sessionId, Map.of("ignore_roles", List.of("assistant"),
                "messages", List.of(said("Ada", "user", "I love jazz.", null))));
        awaitProcessed(sessionId);
        assertEquals(List.of("Ada loves jazz"), texts(sessionFacts(sessionId)));
    }

    @Test
    void factsAreRatedByTheInstructionAndMinRatingFilters() {
        String userId = createUser("Ada", null, TRAVEL_RATING);
        String sessionId = createSession(userId);
        adaSaysAndIsHeard(sessionId, "I prefer travelling by train. I have two cats.", null);
        api().body(Map.of("facts", List.of(Map.of("fact", "Ada said hi to the assistant"))))
                .post("/api/v2/sessions/{id}/facts", sessionId).then().statusCode(200);
        List<Map<String, Object>> facts = await("every fact rated", () -> sessionFacts(sessionId),
                list -> list.size() == 3 && list.stream().allMatch(f -> f.get("rating") != null));
        double train = ((Number) factWithText(facts, "Ada prefers travelling by train").get("rating")).doubleValue();
        double greeting = ((Number) factWithText(facts, "Ada said hi to the assistant").get("rating")).doubleValue();
        assertTrue(train > 0.8 && greeting < 0.2, "like the high example → high, like the low one → low: " + facts);
        facts.forEach(f -> {
            double r = ((Number) f.get("rating")).doubleValue();
            assertTrue(r >= 0 && r <= 1, "rating in [0, 1]: " + r);
        });
        List<String> rated = texts(api().queryParam("minRating", 0.8).get("/api/v2/sessions/{id}/facts", sessionId)
                .then().statusCode(200).extract().jsonPath().getList("facts"));
        assertEquals(List.of("Ada prefers travelling by train"), rated);
        assertEquals(List.of("Ada prefers travelling by train"), memory(sessionId, "?minRating=0.8").getList("relevant_facts.content"));

        // Another instruction: the user's facts are rated again.
        api().body(Map.of("fact_rating_instruction", Map.of("instruction", "Pets matter",
                "examples", Map.of("high", "Ada has a dog", "low", "Ada takes the bus")))).patch("/api/v2/users/{id}", userId)
                .then().statusCode(200);
        await("re-rated by the new instruction", () -> sessionFacts(sessionId), list -> {
            Object cats = factWithText(list, "Ada has two cats").get("rating");
            Object train2 = factWithText(list, "Ada prefers travelling by train").get("rating");
            return cats != null && train2 != null && ((Number) cats).doubleValue() > 0.8 && ((Number) train2).doubleValue() < 0.3;
        });
    }

    @Test
    void sessionInstructionRatesWhenTheUserHasNone() {
        String userId = createUser("Ada", null, null);
        String sessionId = unique("session");
        api().body(Map.of("session_id", sessionId, "user_id", userId, "fact_rating_instruction", TRAVEL_RATING))
                .post("/api/v2/sessions").then().statusCode(201);
        String plain = createSession(userId);
        add(sessionId, Map.of("messages", List.of(said("Ada", "user", "I love trains.", null))));
        add(plain, Map.of("messages", List.of(said("Ada", "user", "I speak Portuguese.", null))));
        awaitProcessed(sessionId);
        awaitProcessed(plain);
        assertTrue(((Number) sessionFacts(sessionId).get(0).get("rating")).doubleValue() > 0.8);
        assertNull(sessionFacts(plain).get(0).get("rating"), "a session without instruction leaves its facts unrated");
        assertEquals(List.of(), api().queryParam("minRating", 0.0).get("/api/v2/sessions/{id}/facts", plain)
                .then().statusCode(200).extract().jsonPath().getList("facts"), "minRating leaves unrated facts out");
    }

    @Test
    void anEndedSessionGetsAClosingSummaryOfEverythingLeft() {
        String sessionId = createSession(createUser("Ada", null, null));
        add(sessionId, Map.of("messages", List.of(
                said("Ada", "user", "I visited the tile museum in Lisbon today.", null),
                said("assistant", "assistant", "The tile museum is a fine choice.", null),
                said("Ada", "user", "Tomorrow I take the train to Sintra.", null))));
        awaitProcessed(sessionId);
        assertEquals(List.of(), summaries(sessionId), "3 messages, within the window: no summary while the session runs");
        api().post("/api/v2/sessions/{id}/end", sessionId).then().statusCode(200);
        List<Map<String, Object>> closing = await("a closing summary", () -> summaries(sessionId), list -> !list.isEmpty());
        assertEquals(1, closing.size());
        List<String> uuids = api().get("/api/v2/sessions/{id}/messages", sessionId).then().extract().jsonPath().getList("messages.uuid");
        assertEquals(uuids, closing.get(0).get("related_message_uuids"), "every message folded");
        assertTrue(((String) closing.get(0).get("content")).contains("Sintra"), (String) closing.get(0).get("content"));
    }

    @Test
    void summariesFoldTheOldestHalfAndBuildOnEachOther() {
        String userId = createUser("Ada", null, null);
        String sessionId = createSession(userId);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            batch.add(said("Ada", "user", "I visited museum number " + i + " in Lisbon today.", null));
            batch.add(said("assistant", "assistant", "Museum " + i + " is a fine choice for an afternoon.", null));
        }
        add(sessionId, Map.of("messages", batch));
        awaitProcessed(sessionId);
        List<Map<String, Object>> first = await("a summary", () -> summaries(sessionId), list -> !list.isEmpty());
        assertEquals(1, first.size(), "14 messages over a window of 12: one summary of the oldest 7");
        List<String> uuids = api().get("/api/v2/sessions/{id}/messages", sessionId).then().extract().jsonPath().getList("messages.uuid");
        assertEquals(uuids.subList(0, 7), first.get(0).get("related_message_uuids"));
        String firstText = (String) first.get(0).get("content");
        assertTrue(firstText.matches("On \\d{1,2} \\w+ \\d{4}, Ada visited museum number 1 in Lisbon today\\..*"), firstText);
        assertTrue(firstText.contains("museum number 4") && !firstText.contains("museum number 5"), firstText);
        assertTrue(((Number) first.get(0).get("token_count")).intValue() > 10);

        List<Map<String, Object>> more = new ArrayList<>();
        for (int i = 8; i <= 11; i++) {
            more.add(said("Ada", "user", "I visited museum number " + i + " in Porto today.", null));
            more.add(said("assistant", "assistant", "Museum " + i + " is worth it.", null));
        }
        add(sessionId, Map.of("messages", more));
        awaitProcessed(sessionId);
        List<Map<String, Object>> both = await("a second summary", () -> summaries(sessionId), list -> list.size() >= 2);
        assertEquals(2, both.size());
        uuids = api().get("/api/v2/sessions/{id}/messages", sessionId).then().extract().jsonPath().getList("messages.uuid");
        assertEquals(uuids.subList(7, 14), both.get(1).get("related_message_uuids"), "the next 7 of the 15 unsummarized");
        String secondText = (String) both.get(1).get("content");
        assertTrue(secondText.startsWith(firstText), "builds on the previous summary: " + secondText);
        assertTrue(secondText.contains("museum number 7"), secondText);
        assertEquals(secondText, memory(sessionId, "").getString("summary.content"), "memory carries the latest summary");
        assertEquals(both.get(1).get("uuid"), memory(sessionId, "").getString("summary.uuid"));
    }

    @Test
    void memoryRanksFactsByRelevanceAndListsEntities() {
        String userId = createUser("Ada", "Lovelace", null);
        String sessionId = createSession(userId);
        api().body(Map.of("facts", List.of(Map.of("fact", "Ada works as a nurse"), Map.of("fact", "Ada speaks Portuguese"),
                Map.of("fact", "Ada loves jazz"), Map.of("fact", "Ada is allergic to peanuts"),
                Map.of("fact", "Ada has a brother called Tom"), Map.of("fact", "Ada owns a red bicycle"))))
                .post("/api/v2/sessions/{id}/facts", sessionId).then().statusCode(200);
        adaSaysAndIsHeard(sessionId, "I moved to Lisbon last year.", null);
        await("API facts embedded", () -> memory(sessionId, "").getList("relevant_facts.content"), l -> l.size() == 5);
        add(sessionId, Map.of("messages", List.of(
                said("Ada", "user", "Which cheap restaurants near Lisbon serve food without nuts?", null),
                said("assistant", "assistant", "Several places in Lisbon avoid peanuts and tree nuts.", null))));
        awaitProcessed(sessionId);
        JsonPath mem = memory(sessionId, "");
        List<String> relevant = mem.getList("relevant_facts.content");
        assertEquals(5, relevant.size(), "at most 5 relevant facts");
        assertTrue(relevant.subList(0, 3).containsAll(List.of("Ada is allergic to peanuts", "Ada lives in Lisbon")),
                "the facts about the recent messages come first: " + relevant);
        assertFalse(relevant.contains("Ada owns a red bicycle"), "an unrelated fact is left out: " + relevant);
        String context = mem.getString("context");
        assertTrue(context.contains("  - Ada is allergic to peanuts ("), context);
        assertTrue(context.contains("<ENTITIES>\n  - Ada Lovelace: "), context);
        assertTrue(context.contains("  - Lisbon: Ada lives in Lisbon.\n"), context);
        assertTrue(context.endsWith("</ENTITIES>\n"), context);
    }

    @Test
    void returnContextIsComputedForTheNewMessages() {
        String userId = createUser("Ada", null, null);
        String sessionId = createSession(userId);
        api().body(Map.of("facts", List.of(Map.of("fact", "Ada is allergic to peanuts"), Map.of("fact", "Ada plays the violin"),
                Map.of("fact", "Ada drives a blue car"), Map.of("fact", "Ada likes winter"), Map.of("fact", "Ada reads poetry"),
                Map.of("fact", "Ada collects stamps"))))
                .post("/api/v2/sessions/{id}/facts", sessionId).then().statusCode(200);
        await("facts embedded", () -> memory(sessionId, "").getList("relevant_facts.content"), l -> l.size() == 5);
        String context = api().body(Map.of("return_context", true, "messages", List.of(
                        said("Ada", "user", "Any tips for a music lesson? My instrument has four strings and a bow.", null))))
                .post("/api/v2/sessions/{id}/memory", sessionId).then().statusCode(200).extract().jsonPath().getString("context");
        assertTrue(context.startsWith("\nFACTS and ENTITIES represent relevant context to the current conversation.\n"), context);
        String facts = context.substring(context.indexOf("<FACTS>"), context.indexOf("</FACTS>"));
        assertTrue(facts.indexOf("Ada plays the violin") > 0 && facts.indexOf("Ada plays the violin") < facts.indexOf("\n  - ", 10),
                "the fact about the new message comes first: " + facts);
    }

    @Test
    void theUserNodeSummarisesWhatIsKnown() {
        String userId = createUser("Ada", "Lovelace", null);
        JsonPath empty = api().get("/api/v2/users/{id}/node", userId).then().statusCode(200).extract().jsonPath();
        assertEquals("Ada Lovelace", empty.getString("node.name"));
        assertEquals("", empty.getString("node.summary"));
        assertEquals(List.of("User"), empty.getList("node.labels"));
        String sessionId = createSession(userId);
        adaSaysAndIsHeard(sessionId, "I moved to Lisbon. I speak Portuguese.", null);
        JsonPath node = api().get("/api/v2/users/{id}/node", userId).then().statusCode(200).extract().jsonPath();
        assertEquals("Ada lives in Lisbon. Ada speaks Portuguese.", node.getString("node.summary"));
        assertEquals(empty.getString("node.uuid"), node.getString("node.uuid"), "a stable uuid");
        // The node's facts come from the search index: a deleted fact leaves the summary at once.
        String portuguese = sessionFacts(sessionId).stream().filter(f -> "Ada speaks Portuguese".equals(f.get("fact")))
                .map(f -> (String) f.get("uuid")).findFirst().orElseThrow();
        api().delete("/api/v2/facts/{uuid}", portuguese).then().statusCode(200);
        assertEquals("Ada lives in Lisbon.", api().get("/api/v2/users/{id}/node", userId).then().statusCode(200)
                .extract().path("node.summary"));
        String created = api().get("/api/v2/users/{id}", userId).then().extract().jsonPath().getString("created_at");
        assertTrue(OffsetDateTime.parse(created).isEqual(OffsetDateTime.parse(node.getString("node.created_at"))));
        String anonymous = createUser();
        assertEquals(anonymous, api().get("/api/v2/users/{id}/node", anonymous).then().statusCode(200).extract().path("node.name"));
        api().get("/api/v2/users/{id}/node", "nobody-" + userId).then().statusCode(404);
    }
}
