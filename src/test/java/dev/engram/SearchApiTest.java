package dev.engram;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.embedding.Embedder;
import dev.engram.fact.FactEntity;
import dev.engram.index.IndexChanges;
import dev.engram.index.RecordKind;
import dev.engram.session.SessionEntity;
import dev.engram.summary.SummaryEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Both search routes through HTTP, every response checked against the contract. The texts
 * are embedded by the real local model, so these tests show what the ranking does with
 * meaning, not with a stand-in.
 */
@QuarkusTest
class SearchApiTest extends ApiTestSupport {

    @Inject
    Embedder embedder;

    /** A small trip-planning conversation with one message per topic. */
    private static final List<String> CONVERSATION = List.of(
            "I moved to Lisbon last month.",
            "Find me a weekend trip by train.",
            "Porto (3h) or Sintra (40 min) are both great options.",
            "The weather in Portugal is warm in summer.",
            "I love visiting old castles and palaces.",
            "Can you recommend a good restaurant for dinner?",
            "By train, a weekend is enough for a short trip, says my friend.");

    private static String sessionWith(List<String> texts) {
        String sessionId = createSession(createUser());
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            messages.add(message(i % 2 == 0 ? "user" : "assistant", texts.get(i)));
        }
        addMessages(sessionId, messages);
        return sessionId;
    }

    private static JsonPath searchSession(String sessionId, Map<String, Object> body, Integer limit) {
        var request = api().body(body);
        if (limit != null) {
            request = request.queryParam("limit", limit);
        }
        return request.post("/api/v2/sessions/{id}/search", sessionId).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> contents(JsonPath results) {
        return results.getList("message.content", String.class);
    }

    private static List<Double> scores(JsonPath results, String path) {
        return results.getList(path, Double.class);
    }

    private static void assertBestFirst(List<Double> scores) {
        for (int i = 0; i < scores.size(); i++) {
            assertTrue(scores.get(i) >= 0 && scores.get(i) <= 1, "score in [0, 1]: " + scores);
            if (i > 0) {
                assertTrue(scores.get(i - 1) >= scores.get(i), "best first: " + scores);
            }
        }
    }

    // --- ranking ------------------------------------------------------------------------------

    @Test
    void aRareWordFindsTheMessageThatContainsIt() {
        String sessionId = sessionWith(CONVERSATION);
        awaitProcessed(sessionId);
        JsonPath results = searchSession(sessionId, Map.of("text", "Sintra"), null);
        assertEquals("Porto (3h) or Sintra (40 min) are both great options.", contents(results).get(0));
        List<Double> scores = scores(results, "score");
        assertBestFirst(scores);
        // Clearly ahead; the runner-up is the reply after it, whose vector carries half of the
        // previous turn's (MessageVectors).
        assertTrue(scores.get(0) - scores.get(1) > 0.2, "clearly ahead: " + scores);
        assertEquals(CONVERSATION.size(), scores.size(), "every message scored (limit absent → 10)");
        // results carry the message, its metadata and a score
        assertNotNull(results.getString("[0].message.uuid"));
        assertEquals(Map.of(), results.getMap("[0].metadata"));
    }

    @Test
    void theExactPhraseComesBeforeTheSameWordsInAnotherOrder() {
        String sessionId = sessionWith(CONVERSATION);
        awaitProcessed(sessionId);
        List<String> found = contents(searchSession(sessionId, Map.of("text", "weekend trip by train"), 2));
        assertEquals(List.of("Find me a weekend trip by train.",
                "By train, a weekend is enough for a short trip, says my friend."), found);
        List<String> quoted = contents(searchSession(sessionId, Map.of("text", "\"short trip\" by train"), 1));
        assertEquals(List.of("By train, a weekend is enough for a short trip, says my friend."), quoted);
    }

    @Test
    void aParaphraseIsFoundByMeaning() {
        String sessionId = sessionWith(CONVERSATION);
        awaitProcessed(sessionId);
        // No content word in common with the answers: only the embeddings can connect them.
        assertEquals("I moved to Lisbon last month.",
                contents(searchSession(sessionId, Map.of("text", "Which city did I relocate to?"), 1)).get(0));
        assertEquals("Can you recommend a good restaurant for dinner?",
                contents(searchSession(sessionId, Map.of("text", "somewhere to eat in the evening"), 1)).get(0));
        assertEquals("I love visiting old castles and palaces.",
                contents(searchSession(sessionId, Map.of("text", "medieval fortress"), 1)).get(0));
    }

    @Test
    void messagesNotYetProcessedAreEmbeddedAtQueryTime() {
        String sessionId = sessionWith(CONVERSATION);
        // No awaitProcessed: the search must not depend on the background pipeline.
        assertEquals("I moved to Lisbon last month.",
                contents(searchSession(sessionId, Map.of("text", "Which city did I relocate to?"), 1)).get(0));
    }

    @Test
    void mmrKeepsNearDuplicatesFromFillingTheTop() {
        String sessionId = sessionWith(List.of("I love travelling by train.", "I love travelling by train!",
                "i love travelling by train", "Rail journeys through the Alps are spectacular.", "My cat sleeps all day."));
        awaitProcessed(sessionId);
        List<String> plain = contents(searchSession(sessionId, Map.of("text", "train travel"), 3));
        assertTrue(plain.stream().allMatch(c -> c.toLowerCase().startsWith("i love travelling by train")),
                "similarity: the three near-duplicates on top: " + plain);
        JsonPath mmr = searchSession(sessionId, Map.of("text", "train travel", "search_type", "mmr"), 3);
        List<String> diverse = contents(mmr);
        assertEquals(1, diverse.stream().filter(c -> c.toLowerCase().startsWith("i love travelling by train")).count(),
                "mmr: one of the near-duplicates: " + diverse);
        assertEquals("Rail journeys through the Alps are spectacular.", diverse.get(1), "the relevant different one next");
        scores(mmr, "score").forEach(s -> assertTrue(s >= 0 && s <= 1));
        List<String> relevanceOnly = contents(searchSession(sessionId,
                Map.of("text", "train travel", "search_type", "mmr", "mmr_lambda", 1.0), 3));
        assertEquals(plain, relevanceOnly, "lambda 1 is relevance order");
    }

    @Test
    void minScoreAndLimit() {
        String sessionId = sessionWith(CONVERSATION);
        awaitProcessed(sessionId);
        List<Double> all = scores(searchSession(sessionId, Map.of("text", "trip by train"), null), "score");
        assertEquals(CONVERSATION.size(), all.size());
        double threshold = (all.get(1) + all.get(2)) / 2;
        List<Double> above = scores(searchSession(sessionId, Map.of("text", "trip by train", "min_score", threshold), null), "score");
        assertEquals(all.subList(0, 2), above, "only the results scoring at least min_score");
        assertEquals(3, searchSession(sessionId, Map.of("text", "trip by train"), 3).getList("$").size());
        assertEquals(List.of(), searchSession(sessionId, Map.of("text", "trip by train", "min_score", 1.01), null).getList("$"));
    }

    // --- scopes -------------------------------------------------------------------------------

    @Test
    void summaryScope() {
        String sessionId = sessionWith(List.of("hello"));
        insertSummary(sessionId, "Ada talked about moving to Lisbon and planning train trips.");
        insertSummary(sessionId, "Ada asked for vegetarian restaurant recommendations.");
        JsonPath results = searchSession(sessionId, Map.of("text", "food", "search_scope", "summary"), null);
        assertEquals(List.of("Ada asked for vegetarian restaurant recommendations.",
                "Ada talked about moving to Lisbon and planning train trips."), results.getList("summary.content", String.class));
        assertEquals(List.of(), results.getList("message", Object.class).stream().filter(java.util.Objects::nonNull).toList());
        assertBestFirst(scores(results, "score"));
        // Neither summary has a vector (they were written without one) nor a word of the query:
        // the search embedded them on the spot to rank them by meaning.
    }

    @Test
    void summaryScopeAcrossSessionsNamesEachSessionOnceByItsBestSummary() {
        String user = createUser();
        String lisbon = createSession(user);
        String porto = createSession(user);
        insertSummary(lisbon, "Ada talked about moving to Lisbon and taking trains.");
        insertSummary(lisbon, "Ada booked a train from Lisbon to Sintra.");
        insertSummary(porto, "Ada asked about trains to Porto.");
        JsonPath results = searchSessions(Map.of("text", "train trips", "user_id", user, "search_scope", "summary"), 5);
        List<String> sessions = results.getList("results.session_id", String.class);
        assertEquals(2, sessions.size(), "one result per session: " + results.getList("results.summary.content"));
        assertEquals(java.util.Set.of(lisbon, porto), java.util.Set.copyOf(sessions));
        assertBestFirst(scores(results, "results.score"));
        assertEquals(2, searchSession(lisbon, Map.of("text", "train trips", "search_scope", "summary"), null)
                .getList("summary.content").size(), "a session's own search lists all its summaries");
    }

    @Test
    void factsScopeAcrossAUsersSessionsWithMinFactRating() {
        String user = createUser();
        String first = createSession(user);
        String second = createSession(user);
        addFacts(first, "Ada lives in Lisbon", "Ada prefers travelling by train");
        addFacts(second, "Ada is allergic to peanuts");
        String otherUsersSession = createSession(createUser());
        addFacts(otherUsersSession, "Bob lives in Lisbon");
        rate("Ada lives in Lisbon", first, 0.9);
        rate("Ada prefers travelling by train", first, 0.2);

        JsonPath results = searchSessions(Map.of("text", "Where does Ada live? Lisbon", "user_id", user, "search_scope", "facts"), null);
        List<String> facts = results.getList("results.fact.fact", String.class);
        assertEquals("Ada lives in Lisbon", facts.get(0));
        assertEquals(3, facts.size(), "all of the user's facts, none of Bob's: " + facts);
        assertEquals(first, results.getString("results[0].session_id"));
        assertBestFirst(scores(results, "results.score"));

        JsonPath rated = searchSessions(Map.of("text", "Ada", "user_id", user, "search_scope", "facts", "min_fact_rating", 0.5), null);
        assertEquals(List.of("Ada lives in Lisbon"), rated.getList("results.fact.fact", String.class),
                "rated at least 0.5 (unrated facts left out)");

        JsonPath peanuts = searchSessions(Map.of("text", "food allergy", "session_ids", List.of(second), "search_scope", "facts"), null);
        assertEquals(List.of("Ada is allergic to peanuts"), peanuts.getList("results.fact.fact", String.class));
    }

    @Test
    void factsScopeIsRefusedOnASessionSearch() {
        String sessionId = sessionWith(List.of("hello"));
        api().body(Map.of("text", "x", "search_scope", "facts")).post("/api/v2/sessions/{id}/search", sessionId)
                .then().statusCode(400).body("message", containsString("facts"));
    }

    // --- scoping across sessions ---------------------------------------------------------------

    @Test
    void searchesStayWithinTheUserOrTheListedSessions() {
        String marker = "qz" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String ada = createUser();
        String adaFirst = createSession(ada);
        String adaSecond = createSession(ada);
        String bob = createUser();
        String bobs = createSession(bob);
        addMessages(adaFirst, List.of(message("user", "The code word is " + marker + " for Ada's first chat.")));
        addMessages(adaSecond, List.of(message("user", "Ada says " + marker + " again in her second chat.")));
        addMessages(bobs, List.of(message("user", "Bob also knows " + marker + ".")));

        JsonPath adas = searchSessions(Map.of("text", marker, "user_id", ada), null);
        List<String> sessions = adas.getList("results.session_id", String.class);
        assertEquals(2, sessions.stream().filter(s -> s.equals(adaFirst) || s.equals(adaSecond)).count(), "both of Ada's: " + sessions);
        assertFalse(sessions.contains(bobs), "none of Bob's");
        assertTrue(adas.getString("results[0].message.content").contains(marker));

        JsonPath listed = searchSessions(Map.of("text", marker, "session_ids", List.of(adaSecond, bobs)), 10);
        assertEquals(java.util.Set.of(adaSecond, bobs), java.util.Set.copyOf(listed.getList("results.session_id", String.class)));

        JsonPath both = searchSessions(Map.of("text", marker, "user_id", bob, "session_ids", List.of(adaFirst)), null);
        assertEquals(List.of(), both.getList("results"), "Ada's session is not Bob's");

        JsonPath everyone = searchSessions(Map.of("text", marker), 3);
        assertEquals(java.util.Set.of(adaFirst, adaSecond, bobs), java.util.Set.copyOf(everyone.getList("results.session_id", String.class)),
                "no user and no sessions: every session");
        assertEquals(List.of(), searchSessions(Map.of("text", marker, "session_ids", List.of()), null).getList("results"));
    }

    @Test
    void unknownUserOrSessionIs404() {
        api().body(Map.of("text", "x", "user_id", unique("nobody"))).post("/api/v2/sessions/search").then().statusCode(404);
        api().body(Map.of("text", "x", "session_ids", List.of(unique("missing")))).post("/api/v2/sessions/search").then().statusCode(404);
        api().body(Map.of("text", "x")).post("/api/v2/sessions/{id}/search", unique("missing")).then().statusCode(404);
    }

    @Test
    void invalidRequestsAre400() {
        String sessionId = sessionWith(List.of("hello"));
        api().body(Map.of()).post("/api/v2/sessions/{id}/search", sessionId).then().statusCode(400)
                .body("message", containsString("text"));
        api().post("/api/v2/sessions/{id}/search", sessionId).then().statusCode(400);
        api().body(Map.of("text", "  ")).post("/api/v2/sessions/{id}/search", sessionId).then().statusCode(400);
        api().body(Map.of("text", "")).post("/api/v2/sessions/search").then().statusCode(400);
        api().body(Map.of("user_id", "x")).post("/api/v2/sessions/search").then().statusCode(400);
        for (int limit : new int[] {0, -1}) {
            api().body(Map.of("text", "hi")).queryParam("limit", limit).post("/api/v2/sessions/{id}/search", sessionId).then().statusCode(400);
            api().body(Map.of("text", "hi")).queryParam("limit", limit).post("/api/v2/sessions/search").then().statusCode(400);
        }
        api().body(Map.of("text", "hi", "mmr_lambda", 1.5)).post("/api/v2/sessions/{id}/search", sessionId).then().statusCode(400);
        api().body(Map.of("text", "hi", "search_scope", "everything")).post("/api/v2/sessions/{id}/search", sessionId).then().statusCode(400);
        api().body(Map.of("text", "hi", "metadata", Map.of("wher", Map.of()))).post("/api/v2/sessions/{id}/search", sessionId)
                .then().statusCode(400).body("message", containsString("wher"));
        api().body(Map.of("text", "hi", "metadata", Map.of("where", Map.of("jsonpath", "$.a = 1")))).post("/api/v2/sessions/{id}/search", sessionId)
                .then().statusCode(400).body("message", containsString("jsonpath"));
        api().body(Map.of("text", "hi", "metadata", Map.of("where", Map.of("and", List.of())))).post("/api/v2/sessions/{id}/search", sessionId)
                .then().statusCode(400);
        api().body(Map.of("text", "hi", "metadata", Map.of("start_date", "yesterday"))).post("/api/v2/sessions/{id}/search", sessionId)
                .then().statusCode(400).body("message", containsString("start_date"));
        api().body(Map.of("text", "hi", "record_filter", Map.of("start_date", "2024-02-01", "end_date", "2024-01-01")))
                .post("/api/v2/sessions/search").then().statusCode(400);
    }

    // --- metadata filters ----------------------------------------------------------------------

    /** Four messages with metadata, created on four different days of January 2024. */
    private static String sessionWithMetadata() {
        String sessionId = createSession(createUser());
        addMessages(sessionId, List.of(
                withMetadata("Booked the train to Porto.", "2024-01-01T10:00:00Z", Map.of("topic", "travel", "priority", 2, "urgent", true)),
                withMetadata("Dinner at a vegetarian place.", "2024-01-02T10:00:00Z", Map.of("topic", "food", "priority", 5)),
                withMetadata("Train to Sintra on Saturday.", "2024-01-03T10:00:00Z",
                        Map.of("topic", "travel", "priority", 7, "place", Map.of("city", "Sintra"), "tags", List.of("day-trip", "train"))),
                withMetadata("Train tickets are refundable.", "2024-01-04T10:00:00Z", Map.of("topic", "admin"))));
        return sessionId;
    }

    private static Map<String, Object> withMetadata(String content, String createdAt, Map<String, Object> metadata) {
        Map<String, Object> m = new HashMap<>(message("user", content));
        m.put("created_at", createdAt);
        m.put("metadata", metadata);
        return m;
    }

    private static Map<String, Object> where(Object clause) {
        return Map.of("where", clause);
    }

    private static Map<String, Object> jsonpath(String expression) {
        return Map.of("jsonpath", expression);
    }

    private List<String> filtered(String sessionId, String text, Map<String, Object> filter) {
        Map<String, Object> body = new HashMap<>();
        if (text != null) {
            body.put("text", text);
        }
        body.put("metadata", filter);
        JsonPath results = searchSession(sessionId, body, null);
        return contents(results);
    }

    @Test
    void metadataOnlyQueriesReturnMatchesNewestFirst() {
        String s = sessionWithMetadata();
        JsonPath results = searchSession(s, Map.of("metadata", where(jsonpath("$[*] ? (@.topic == \"travel\")"))), null);
        assertEquals(List.of("Train to Sintra on Saturday.", "Booked the train to Porto."), contents(results));
        assertEquals(List.of(1.0, 1.0), scores(results, "score"), "a filter match scores 1");
        assertEquals("travel", results.getString("[0].metadata.topic"));
        assertEquals(List.of("Train to Sintra on Saturday."),
                contents(searchSession(s, Map.of("metadata", where(jsonpath("$[*] ? (@.topic == \"travel\")"))), 1)), "limit");
    }

    @Test
    void jsonPathComparisons() {
        String s = sessionWithMetadata();
        assertEquals(List.of("Train to Sintra on Saturday.", "Dinner at a vegetarian place."),
                filtered(s, null, where(jsonpath("$[*] ? (@.priority >= 5)"))));
        assertEquals(List.of("Booked the train to Porto."), filtered(s, null, where(jsonpath("$[*] ? (@.priority < 5)"))));
        assertEquals(List.of("Booked the train to Porto."), filtered(s, null, where(jsonpath("$[*] ? (@.urgent == true)"))));
        assertEquals(List.of("Train tickets are refundable.", "Dinner at a vegetarian place."),
                filtered(s, null, where(jsonpath("$[*] ? (@.topic != \"travel\")"))));
        assertEquals(List.of("Train to Sintra on Saturday."), filtered(s, null, where(jsonpath("$.place.city == \"Sintra\""))));
        assertEquals(List.of("Train to Sintra on Saturday."), filtered(s, null, where(jsonpath("$[*] ? (@.tags[*] == \"day-trip\")"))));
        assertEquals(List.of("Train tickets are refundable."), filtered(s, null, where(jsonpath("$[*] ? (@.topic like_regex \"^AD\" flag \"i\")"))));
        assertEquals(List.of("Dinner at a vegetarian place."), filtered(s, null, where(jsonpath("$[*] ? (@.topic starts with \"fo\")"))));
    }

    @Test
    void andOrNesting() {
        String s = sessionWithMetadata();
        Map<String, Object> travelAndImportant = where(Map.of("and", List.of(
                jsonpath("$[*] ? (@.topic == \"travel\")"), jsonpath("$[*] ? (@.priority > 5)"))));
        assertEquals(List.of("Train to Sintra on Saturday."), filtered(s, null, travelAndImportant));
        Map<String, Object> foodOrAdmin = where(Map.of("or", List.of(
                jsonpath("$[*] ? (@.topic == \"food\")"), jsonpath("$[*] ? (@.topic == \"admin\")"))));
        assertEquals(List.of("Train tickets are refundable.", "Dinner at a vegetarian place."), filtered(s, null, foodOrAdmin));
        Map<String, Object> nested = where(Map.of("or", List.of(
                Map.of("and", List.of(jsonpath("$[*] ? (@.topic == \"travel\")"), jsonpath("$[*] ? (@.urgent == true)"))),
                jsonpath("$[*] ? (@.topic == \"admin\")"))));
        assertEquals(List.of("Train tickets are refundable.", "Booked the train to Porto."), filtered(s, null, nested));
    }

    @Test
    void dateBoundsAndFiltersCombineWithText() {
        String s = sessionWithMetadata();
        assertEquals(List.of("Train to Sintra on Saturday.", "Dinner at a vegetarian place."),
                filtered(s, null, Map.of("start_date", "2024-01-02", "end_date", "2024-01-03")), "whole days, both inclusive");
        assertEquals(List.of("Train tickets are refundable.", "Train to Sintra on Saturday."),
                filtered(s, null, Map.of("start_date", "2024-01-03T10:00:00Z")), "timestamps, inclusive");
        assertEquals(List.of("Booked the train to Porto."), filtered(s, null, Map.of("end_date", "2024-01-01T10:00:00Z")));
        // text ranks within the filter: the Sintra message is best, the food one is filtered out
        List<String> ranked = filtered(s, "Sintra train", Map.of("start_date", "2024-01-02",
                "where", jsonpath("$[*] ? (@.topic != \"food\")")));
        assertEquals(List.of("Train to Sintra on Saturday.", "Train tickets are refundable."), ranked);
    }

    @Test
    void recordFilterOnASearchAcrossSessions() {
        String s = sessionWithMetadata();
        String user = QuarkusTransaction.requiringNew().call(() -> SessionEntity.findBySessionId(s).orElseThrow().user.userId);
        JsonPath results = searchSessions(Map.of("text", "", "user_id", user,
                "record_filter", where(jsonpath("$[*] ? (@.priority > 1)"))), null);
        assertEquals(List.of("Train to Sintra on Saturday.", "Dinner at a vegetarian place.", "Booked the train to Porto."),
                results.getList("results.message.content", String.class));
        assertTrue(results.getList("results.session_id", String.class).stream().allMatch(s::equals));
        JsonPath ranked = searchSessions(Map.of("text", "vegetarian dinner", "user_id", user,
                "record_filter", Map.of("end_date", "2024-01-02")), null);
        assertEquals(List.of("Dinner at a vegetarian place.", "Booked the train to Porto."),
                ranked.getList("results.message.content", String.class));
    }

    // --- helpers ------------------------------------------------------------------------------

    private static JsonPath searchSessions(Map<String, Object> body, Integer limit) {
        var request = api().body(body);
        if (limit != null) {
            request = request.queryParam("limit", limit);
        }
        return request.post("/api/v2/sessions/search").then().statusCode(200).extract().jsonPath();
    }

    private static Long sessionPk(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> SessionEntity.findBySessionId(sessionId).orElseThrow().id);
    }

    /** Summaries are produced by the summariser pipeline; here they are stored directly, without a vector. */
    private static void insertSummary(String sessionId, String content) {
        Long pk = sessionPk(sessionId);
        QuarkusTransaction.requiringNew().run(() -> {
            SummaryEntity summary = new SummaryEntity();
            summary.uuid = UUID.randomUUID();
            summary.sessionPk = pk;
            summary.content = content;
            summary.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
            summary.persist();
            // Written behind the services' back, so logged for the search index by hand.
            indexChanges().changed(RecordKind.SUMMARY, summary.id);
        });
    }

    private static IndexChanges indexChanges() {
        return io.quarkus.arc.Arc.container().instance(IndexChanges.class).get();
    }

    /** Ratings come from the fact rater; here they are set directly. */
    private static void rate(String fact, String sessionId, double rating) {
        Long pk = sessionPk(sessionId);
        QuarkusTransaction.requiringNew().run(() -> {
            FactEntity.update("rating = ?1 where content = ?2 and sessionPk = ?3", rating, fact, pk);
            indexChanges().changed(RecordKind.FACT,
                    FactEntity.<FactEntity>list("content = ?1 and sessionPk = ?2", fact, pk).stream().map(f -> f.id).toList());
        });
    }
}
