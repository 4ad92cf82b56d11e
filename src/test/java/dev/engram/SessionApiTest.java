package dev.engram;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.session.SessionService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionApiTest extends ApiTestSupport {

    @Inject
    SessionService sessionService;

    @Test
    void createsAndReadsASession() {
        String userId = createUser();
        String sessionId = unique("s");
        api().body(Map.of("session_id", sessionId, "user_id", userId,
                        "metadata", Map.of("topic", "tea", "system", Map.of("x", 1))))
                .post("/api/v2/sessions")
                .then().statusCode(201)
                .body("session_id", equalTo(sessionId))
                .body("user_id", equalTo(userId))
                .body("metadata.topic", equalTo("tea"))
                .body("metadata", not(hasKey("system")))
                .body("uuid", notNullValue())
                .body("id", notNullValue())
                .body("ended_at", nullValue());

        api().get("/api/v2/sessions/{id}", sessionId).then().statusCode(200)
                .body("session_id", equalTo(sessionId))
                .body("user_id", equalTo(userId))
                .body("metadata.topic", equalTo("tea"));
    }

    @Test
    void aDuplicateSessionIdIs400() {
        String userId = createUser();
        String sessionId = createSession(userId);
        assertError(api().body(Map.of("session_id", sessionId, "user_id", userId)).post("/api/v2/sessions"),
                400, "session already exists");
    }

    @Test
    void aSessionForAnUnknownUserIs400() {
        assertError(api().body(Map.of("session_id", unique("s"), "user_id", unique("nobody")))
                .post("/api/v2/sessions"), 400, "user");
    }

    @Test
    void userIdIsRequiredOnSessionCreate() {
        String sessionId = unique("s");
        assertError(api().body(Map.of("session_id", sessionId)).post("/api/v2/sessions"), 400, "user_id");
        assertError(api().body(Map.of("session_id", sessionId, "user_id", "")).post("/api/v2/sessions"), 400, "user_id");
        assertError(api().body(map("session_id", sessionId, "user_id", null)).post("/api/v2/sessions"), 400, "user_id");
        assertError(api().get("/api/v2/sessions/{id}", sessionId), 404);
    }

    @Test
    void sessionIdIsRequiredOnSessionCreate() {
        String userId = createUser();
        assertError(api().body(Map.of("user_id", userId)).post("/api/v2/sessions"), 400, "session_id");
        assertError(api().body(Map.of("user_id", userId, "session_id", "")).post("/api/v2/sessions"), 400, "session_id");
    }

    @Test
    void sessionIdsBreakingTheIdRulesAreRejectedWith400() {
        String userId = createUser();
        String base = unique("bad");
        for (String id : List.of("s".repeat(256), " " + base, base + " ", base + "\u0007x", base + "\nx",
                base + "/x", base + "?x", base + "#x")) {
            assertError(api().body(Map.of("session_id", id, "user_id", userId)).post("/api/v2/sessions"),
                    400, "session_id");
        }
        api().get("/api/v2/users/{id}", userId).then().statusCode(200).body("session_count", equalTo(0));
    }

    @Test
    void aSessionIdOf255CharactersIsAccepted() {
        String userId = createUser();
        String id = unique("long");
        id = id + "s".repeat(255 - id.length());
        api().body(Map.of("session_id", id, "user_id", userId)).post("/api/v2/sessions")
                .then().statusCode(201).body("session_id", equalTo(id));
        api().get("/api/v2/sessions/{id}", id).then().statusCode(200).body("session_id", equalTo(id));
    }

    @Test
    void anUnknownSessionIs404() {
        assertError(api().get("/api/v2/sessions/{id}", unique("nothing")), 404);
    }

    @Test
    void sessionMetadataUpdatesDeepMergeAndIgnoreTheSystemKey() {
        String userId = createUser();
        String sessionId = unique("s");
        api().body(Map.of("session_id", sessionId, "user_id", userId, "metadata", MetadataCases.STORED))
                .post("/api/v2/sessions").then().statusCode(201);

        Map<String, Object> patched = api().body(Map.of("metadata", MetadataCases.PATCH))
                .patch("/api/v2/sessions/{id}", sessionId).then().statusCode(200)
                .extract().jsonPath().getMap("metadata");
        assertEquals(MetadataCases.MERGED, patched);
        assertEquals(MetadataCases.MERGED, getJson("/api/v2/sessions/{id}", sessionId).getMap("metadata"));
    }

    @Test
    void emptyOrNullMetadataChangesNothingOnASession() {
        String userId = createUser();
        String sessionId = unique("s");
        api().body(Map.of("session_id", sessionId, "user_id", userId, "metadata", MetadataCases.STORED))
                .post("/api/v2/sessions").then().statusCode(201);
        api().body(Map.of("metadata", Map.of())).patch("/api/v2/sessions/{id}", sessionId).then().statusCode(200);
        api().body(map("metadata", null)).patch("/api/v2/sessions/{id}", sessionId).then().statusCode(200);
        api().body(Map.of()).patch("/api/v2/sessions/{id}", sessionId).then().statusCode(200);
        assertEquals(MetadataCases.STORED, getJson("/api/v2/sessions/{id}", sessionId).getMap("metadata"));
    }

    @Test
    void theFactRatingInstructionIsStoredAndReplaced() {
        String sessionId = createSession();
        api().body(Map.of("metadata", Map.of(), "fact_rating_instruction",
                        Map.of("instruction", "rate tea facts", "examples", Map.of("high", "loves tea"))))
                .patch("/api/v2/sessions/{id}", sessionId).then().statusCode(200)
                .body("fact_rating_instruction.instruction", equalTo("rate tea facts"))
                .body("fact_rating_instruction.examples.high", equalTo("loves tea"));
        api().get("/api/v2/sessions/{id}", sessionId).then().statusCode(200)
                .body("fact_rating_instruction.instruction", equalTo("rate tea facts"));
    }

    @Test
    void updatingAnUnknownSessionIs404() {
        assertError(api().body(Map.of("metadata", Map.of("a", 1))).patch("/api/v2/sessions/{id}", unique("nothing")), 404);
    }

    @Test
    void endingASessionSetsEndedAt() {
        String sessionId = createSession();
        String endedAt = api().body(Map.of()).post("/api/v2/sessions/{id}/end", sessionId)
                .then().statusCode(200)
                .body("session.session_id", equalTo(sessionId))
                .extract().jsonPath().getString("session.ended_at");
        Timestamps.parseUtc(endedAt);
        api().get("/api/v2/sessions/{id}", sessionId).then().statusCode(200).body("ended_at", equalTo(endedAt));
    }

    @Test
    void endingTwiceAnswers200WithTheSameEndedAt() {
        String sessionId = createSession();
        String first = api().body(Map.of()).post("/api/v2/sessions/{id}/end", sessionId)
                .then().statusCode(200).extract().jsonPath().getString("session.ended_at");
        String second = api().body(Map.of()).post("/api/v2/sessions/{id}/end", sessionId)
                .then().statusCode(200).extract().jsonPath().getString("session.ended_at");
        assertNotNull(first);
        assertEquals(first, second);
    }

    @Test
    void endingAnUnknownSessionIs404() {
        assertError(api().body(Map.of()).post("/api/v2/sessions/{id}/end", unique("nothing")), 404);
    }

    @Test
    void anEndedSessionCannotBeUpdated409() {
        String sessionId = createSession();
        api().body(Map.of()).post("/api/v2/sessions/{id}/end", sessionId).then().statusCode(200);
        assertError(api().body(Map.of("metadata", Map.of("a", 1))).patch("/api/v2/sessions/{id}", sessionId), 409);
        api().get("/api/v2/sessions/{id}", sessionId).then().statusCode(200).body("metadata", not(hasKey("a")));
    }

    @Test
    void anEndedSessionRejectsNewMessagesWith400() {
        String sessionId = createSession();
        api().body(Map.of()).post("/api/v2/sessions/{id}/end", sessionId).then().statusCode(200);
        assertError(api().body(Map.of("messages", messages("m", 1))).post("/api/v2/sessions/{id}/memory", sessionId), 400);
        assertEquals(List.of(), storedContents(sessionId));
    }

    @Test
    void anEndedSessionRejectsNewFactsWith400() {
        String sessionId = createSession();
        api().body(Map.of()).post("/api/v2/sessions/{id}/end", sessionId).then().statusCode(200);
        assertError(api().body(Map.of("facts", List.of(Map.of("fact", "x")))).post("/api/v2/sessions/{id}/facts", sessionId), 400);
    }

    @Test
    void anEndedSessionIsStillReadable() {
        String sessionId = createSession();
        addMessages(sessionId, messages("m", 2));
        api().body(Map.of()).post("/api/v2/sessions/{id}/end", sessionId).then().statusCode(200);
        api().get("/api/v2/sessions/{id}/memory", sessionId).then().statusCode(200).body("messages.size()", equalTo(2));
    }

    @Test
    void endSessionsEndsEverySessionInRequestOrder() {
        String userId = createUser();
        String a = createSession(userId);
        String b = createSession(userId);
        api().body(Map.of()).post("/api/v2/sessions/{id}/end", b).then().statusCode(200);
        String bEnded = getJson("/api/v2/sessions/{id}", b).getString("ended_at");

        JsonPath ended = api().body(Map.of("session_ids", List.of(b, a), "instruction", "ignored"))
                .post("/api/v2/sessions/end").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(b, a), ended.getList("sessions.session_id", String.class));
        assertEquals(bEnded, ended.getString("sessions[0].ended_at"));
        Timestamps.parseUtc(getJson("/api/v2/sessions/{id}", a).getString("ended_at"));
    }

    @Test
    void endSessionsWithOneUnknownIdIs404AndEndsNothing() {
        String userId = createUser();
        String a = createSession(userId);
        String b = createSession(userId);
        assertError(api().body(Map.of("session_ids", List.of(a, unique("nothing"), b))).post("/api/v2/sessions/end"), 404);
        api().get("/api/v2/sessions/{id}", a).then().statusCode(200).body("ended_at", nullValue());
        api().get("/api/v2/sessions/{id}", b).then().statusCode(200).body("ended_at", nullValue());
    }

    @Test
    void endSessionsWithoutIdsIs400() {
        assertError(api().body(Map.of("session_ids", List.of())).post("/api/v2/sessions/end"), 400);
        assertError(api().body(Map.of()).post("/api/v2/sessions/end"), 400);
    }

    @Test
    void deletingASessionDeletesItsMessagesAndFacts() {
        String userId = createUser();
        String sessionId = createSession(userId);
        addMessages(sessionId, messages("m", 2));
        addFacts(sessionId, "Ada likes tea");
        String messageUuid = getJson("/api/v2/sessions/{id}/messages", sessionId).getString("messages[0].uuid");
        String factUuid = getJson("/api/v2/sessions/{id}/facts", sessionId).getString("facts[0].uuid");

        api().delete("/api/v2/sessions/{id}/memory", sessionId).then().statusCode(200).body("message", notNullValue());

        assertError(api().get("/api/v2/sessions/{id}", sessionId), 404);
        assertError(api().get("/api/v2/sessions/{id}/memory", sessionId), 404);
        assertError(api().get("/api/v2/sessions/{id}/messages", sessionId), 404);
        assertError(api().get("/api/v2/sessions/{id}/messages/{uuid}", sessionId, messageUuid), 404);
        assertError(api().get("/api/v2/sessions/{id}/facts", sessionId), 404);
        assertError(api().get("/api/v2/sessions/{id}/summary", sessionId), 404);
        assertError(api().get("/api/v2/facts/{uuid}", factUuid), 404);
        api().get("/api/v2/users/{id}", userId).then().statusCode(200).body("session_count", equalTo(0));
        api().get("/api/v2/users/{id}/facts", userId).then().statusCode(200).body("facts.size()", equalTo(0));
    }

    @Test
    void deletingASessionTwiceIs404() {
        String sessionId = createSession();
        api().delete("/api/v2/sessions/{id}/memory", sessionId).then().statusCode(200);
        assertError(api().delete("/api/v2/sessions/{id}/memory", sessionId), 404);
    }

    // --- sessions-ordered --------------------------------------------------------------------

    private static List<String> orderedIds(String query) {
        return getJson("/api/v2/sessions-ordered" + query).getList("sessions.session_id", String.class);
    }

    /** The given ids in the order they appear in the whole list, read page by page (others dropped). */
    private static List<String> relativeOrder(String query, List<String> mine) {
        List<String> found = new ArrayList<>();
        for (int page = 1; ; page++) {
            List<String> ids = orderedIds(query + "&page_size=1000&page_number=" + page);
            ids.stream().filter(mine::contains).forEach(found::add);
            if (ids.size() < 1000) {
                return found;
            }
        }
    }

    @Test
    void sessionsOrderedListsNewestFirstByDefault() {
        String userId = createUser();
        String a = createSession(userId);
        String b = createSession(userId);
        String c = createSession(userId);
        assertEquals(List.of(c, b, a), orderedIds("?page_size=3"));
        assertEquals(List.of(c, b, a), relativeOrder("?asc=false", List.of(a, b, c)));
        assertEquals(List.of(a, b, c), relativeOrder("?asc=true", List.of(a, b, c)));
    }

    @Test
    void sessionsOrderedOrdersByEachAllowedColumn() {
        String tag = unique("ord");
        String userC = tag + "-c";
        String userA = tag + "-a";
        String userB = tag + "-b";
        for (String u : List.of(userC, userA, userB)) {
            api().body(Map.of("user_id", u)).post("/api/v2/users").then().statusCode(201);
        }
        // created in this order: s2 (user c), s3 (user a), s1 (user b)
        String s2 = tag + "-s2";
        String s3 = tag + "-s3";
        String s1 = tag + "-s1";
        createSession(userC, s2);
        createSession(userA, s3);
        createSession(userB, s1);
        api().body(Map.of("metadata", Map.of("touched", true))).patch("/api/v2/sessions/{id}", s2).then().statusCode(200);
        List<String> mine = List.of(s1, s2, s3);

        assertEquals(List.of(s2, s3, s1), relativeOrder("?order_by=created_at&asc=true", mine));
        assertEquals(List.of(s1, s3, s2), relativeOrder("?order_by=created_at", mine));
        assertEquals(List.of(s3, s1, s2), relativeOrder("?order_by=updated_at&asc=true", mine));
        assertEquals(List.of(s2, s1, s3), relativeOrder("?order_by=updated_at&asc=false", mine));
        assertEquals(List.of(s3, s1, s2), relativeOrder("?order_by=user_id&asc=true", mine));
        assertEquals(List.of(s2, s1, s3), relativeOrder("?order_by=user_id", mine));
        assertEquals(List.of(s1, s2, s3), relativeOrder("?order_by=session_id&asc=true", mine));
        assertEquals(List.of(s3, s2, s1), relativeOrder("?order_by=session_id", mine));
    }

    @Test
    void sessionsOrderedByTimestampsIsMonotonic() {
        createSession();
        createSession();
        for (String column : List.of("created_at", "updated_at")) {
            List<String> values = getJson("/api/v2/sessions-ordered?asc=true&order_by=" + column)
                    .getList("sessions." + column, String.class);
            for (int i = 1; i < values.size(); i++) {
                assertTrue(!Timestamps.parse(values.get(i)).isBefore(Timestamps.parse(values.get(i - 1))),
                        column + " not ascending at " + i);
            }
        }
    }

    @Test
    void sessionsOrderedRejectsAnUnknownOrderColumn() {
        assertError(api().get("/api/v2/sessions-ordered?order_by=id"), 400, "order_by");
        assertError(api().get("/api/v2/sessions-ordered?order_by=metadata"), 400, "order_by");
    }

    @Test
    void sessionsOrderedPagesAreOneBasedUnderBothSpellings() {
        String userId = createUser();
        String a = createSession(userId);
        String b = createSession(userId);
        String c = createSession(userId);
        assertEquals(List.of(c), orderedIds("?page_number=1&page_size=1"));
        assertEquals(List.of(b), orderedIds("?page_number=2&page_size=1"));
        assertEquals(List.of(a), orderedIds("?page_number=3&page_size=1"));
        assertEquals(List.of(b), orderedIds("?pageNumber=2&pageSize=1"));
        assertEquals(List.of(c, b), orderedIds("?pageSize=2"));
    }

    @Test
    void sessionsOrderedReportsTheTrueTotal() {
        createSession();
        JsonPath all = getJson("/api/v2/sessions-ordered");
        long total = all.getLong("total_count");
        assertEquals(Math.min(total, 1000), all.getList("sessions").size());
        assertEquals(Math.min(total, 1000), all.getInt("response_count"));

        JsonPath page = getJson("/api/v2/sessions-ordered?page_size=1");
        assertEquals(total, page.getLong("total_count"));
        assertEquals(1, page.getInt("response_count"));

        createSession();
        assertEquals(total + 1, getJson("/api/v2/sessions-ordered?page_size=1").getLong("total_count"));
    }

    @Test
    void sessionsOrderedBeyondTheLastPageIsEmptyWithTheTrueTotal() {
        createSession();
        long total = getJson("/api/v2/sessions-ordered?page_size=1").getLong("total_count");
        JsonPath page = getJson("/api/v2/sessions-ordered?page_size=1&page_number=" + (total + 1));
        assertEquals(0, page.getList("sessions").size());
        assertEquals(0, page.getInt("response_count"));
        assertEquals(total, page.getLong("total_count"));
    }

    @Test
    void sessionsOrderedRejectsPageParametersBelowOneOrNotIntegers() {
        assertError(api().get("/api/v2/sessions-ordered?page_number=0"), 400);
        assertError(api().get("/api/v2/sessions-ordered?page_size=0"), 400);
        assertError(api().get("/api/v2/sessions-ordered?pageNumber=0"), 400);
        assertError(api().get("/api/v2/sessions-ordered?pageSize=-1"), 400);
        assertError(api().get("/api/v2/sessions-ordered?page_number=two"), 400);
        assertError(api().get("/api/v2/sessions-ordered?page_size=x"), 400);
    }

    @Test
    void sessionsOrderedCapsPagesAt1000() {
        String userId = createUser();
        String prefix = unique("bulk");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            ids.add(prefix + "-" + i);
        }
        QuarkusTransaction.requiringNew().run(() -> ids.forEach(id -> sessionService.create(id, userId, null, null)));
        try {
            JsonPath capped = getJson("/api/v2/sessions-ordered?page_size=5000");
            assertEquals(1000, capped.getList("sessions").size());
            assertEquals(1000, capped.getInt("response_count"));
            assertTrue(capped.getLong("total_count") >= 1001);
            assertEquals(1000, getJson("/api/v2/sessions-ordered").getList("sessions").size());
            assertEquals(prefix + "-0", getJson("/api/v2/sessions-ordered?page_size=1000&page_number=2")
                    .getString("sessions[0].session_id"));
        } finally {
            api().delete("/api/v2/users/{id}", userId).then().statusCode(200);
        }
    }
}
