package dev.engram;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MemoryApiTest extends ApiTestSupport {

    private static String memoryPath() {
        return "/api/v2/sessions/{id}/memory";
    }

    @Test
    void addsMessagesAndReadsThemBackInRequestOrder() {
        String sessionId = createSession();
        api().body(Map.of("messages", messages("m", 3))).post(memoryPath(), sessionId)
                .then().statusCode(200).body("message", equalTo("OK"));
        JsonPath memory = getJson(memoryPath(), sessionId);
        assertEquals(List.of("m-0", "m-1", "m-2"), memory.getList("messages.content", String.class));
        assertEquals(List.of("user", "assistant", "user"), memory.getList("messages.role_type", String.class));
        assertEquals(List.of("Ada", "Bot", "Ada"), memory.getList("messages.role", String.class));
        memory.getList("messages.uuid", String.class).forEach(UUID::fromString);
        memory.getList("messages.created_at", String.class).forEach(Timestamps::parseUtc);
    }

    @Test
    void theMemoryOfAnUnknownSessionIs404() {
        assertError(api().get(memoryPath(), unique("nothing")), 404);
    }

    @Test
    void theMemoryOfAnEmptySessionHasNoMessages() {
        String sessionId = createSession();
        api().get(memoryPath(), sessionId).then().statusCode(200).body("messages.size()", equalTo(0));
    }

    @Test
    void addingToAnUnknownSessionIs404AndCreatesNothing() {
        String sessionId = unique("nothing");
        assertError(api().body(Map.of("messages", messages("m", 1))).post(memoryPath(), sessionId), 404);
        assertError(api().get("/api/v2/sessions/{id}", sessionId), 404);
    }

    @Test
    void lastnDefaultsToSixAndZeroMeansSix() {
        String sessionId = createSession();
        addMessages(sessionId, messages("m", 8));
        List<String> lastSix = List.of("m-2", "m-3", "m-4", "m-5", "m-6", "m-7");
        assertEquals(lastSix, getJson(memoryPath(), sessionId).getList("messages.content", String.class));
        assertEquals(lastSix, getJson(memoryPath() + "?lastn=0", sessionId).getList("messages.content", String.class));
    }

    @Test
    void lastnReturnsTheMostRecentMessagesOldestFirst() {
        String sessionId = createSession();
        addMessages(sessionId, messages("m", 8));
        assertEquals(List.of("m-6", "m-7"), getJson(memoryPath() + "?lastn=2", sessionId)
                .getList("messages.content", String.class));
        assertEquals(8, getJson(memoryPath() + "?lastn=100", sessionId).getList("messages").size());
    }

    @Test
    void aNegativeOrNonIntegerLastnIs400() {
        String sessionId = createSession();
        assertError(api().get(memoryPath() + "?lastn=-1", sessionId), 400, "lastn");
        assertError(api().get(memoryPath() + "?lastn=six", sessionId), 400);
    }

    @Test
    void thirtyMessagesInOneCallAreAccepted() {
        String sessionId = createSession();
        addMessages(sessionId, messages("m", 30));
        assertEquals(30, storedContents(sessionId).size());
    }

    @Test
    void thirtyOneMessagesInOneCallAre400AndNothingIsStored() {
        String sessionId = createSession();
        assertError(api().body(Map.of("messages", messages("m", 31))).post(memoryPath(), sessionId), 400, "30");
        assertEquals(List.of(), storedContents(sessionId));
    }

    @Test
    void anEmptyOrMissingMessageListIs400() {
        String sessionId = createSession();
        assertError(api().body(Map.of("messages", List.of())).post(memoryPath(), sessionId), 400);
        assertError(api().body(Map.of()).post(memoryPath(), sessionId), 400);
    }

    @Test
    void contentOfExactly100000CodePointsIsAccepted() {
        String sessionId = createSession();
        String emoji = "\uD83D\uDE00".repeat(100_000); // 100,000 code points, 200,000 UTF-16 chars
        addMessages(sessionId, List.of(message("user", emoji)));
        assertEquals(List.of(emoji), storedContents(sessionId));
    }

    @Test
    void contentOver100000CodePointsIs400NamingTheIndexAndNothingIsStored() {
        String sessionId = createSession();
        List<Map<String, Object>> batch = new ArrayList<>(messages("ok", 2));
        batch.add(message("user", "a".repeat(100_001)));
        assertError(api().body(Map.of("messages", batch)).post(memoryPath(), sessionId), 400, "messages[2]");
        assertEquals(List.of(), storedContents(sessionId));
    }

    @Test
    void aMessageWithoutContentIs400NamingTheIndexAndNothingIsStored() {
        String sessionId = createSession();
        List<Map<String, Object>> batch = new ArrayList<>(messages("ok", 1));
        batch.add(Map.of("role_type", "user", "role", "Ada"));
        batch.add(message("user", "later"));
        assertError(api().body(Map.of("messages", batch)).post(memoryPath(), sessionId), 400, "messages[1]");
        assertEquals(List.of(), storedContents(sessionId));
    }

    @Test
    void aMessageWithoutRoleTypeIs400NamingTheIndexAndNothingIsStored() {
        String sessionId = createSession();
        List<Map<String, Object>> batch = new ArrayList<>(messages("ok", 2));
        batch.add(Map.of("content", "no role type"));
        assertError(api().body(Map.of("messages", batch)).post(memoryPath(), sessionId), 400, "messages[2]");
        assertEquals(List.of(), storedContents(sessionId));
    }

    @Test
    void anUnknownRoleTypeIs400NamingTheIndexAndNothingIsStored() {
        String sessionId = createSession();
        List<Map<String, Object>> batch = new ArrayList<>(messages("ok", 1));
        batch.add(Map.of("role_type", "wizard", "content", "abracadabra"));
        assertError(api().body(Map.of("messages", batch)).post(memoryPath(), sessionId), 400, "messages[1]");
        assertEquals(List.of(), storedContents(sessionId));
    }

    @Test
    void everyRoleTypeOfTheContractIsAccepted() {
        String sessionId = createSession();
        List<String> roleTypes = List.of("norole", "system", "assistant", "user", "function", "tool");
        List<Map<String, Object>> batch = new ArrayList<>();
        for (String roleType : roleTypes) {
            batch.add(Map.of("role_type", roleType, "content", roleType));
        }
        addMessages(sessionId, batch);
        assertEquals(roleTypes, getJson("/api/v2/sessions/{id}/messages", sessionId)
                .getList("messages.role_type", String.class));
    }

    @Test
    void aDuplicateUuidWithinTheBatchIs400AndNothingIsStored() {
        String sessionId = createSession();
        String uuid = UUID.randomUUID().toString();
        List<Map<String, Object>> batch = List.of(
                map("uuid", uuid, "role_type", "user", "content", "one"),
                map("uuid", uuid, "role_type", "user", "content", "two"));
        assertError(api().body(Map.of("messages", batch)).post(memoryPath(), sessionId), 400, "messages[1]");
        assertEquals(List.of(), storedContents(sessionId));
    }

    @Test
    void aUuidThatIsAlreadyStoredIs400AndNothingIsStored() {
        String first = createSession();
        String uuid = UUID.randomUUID().toString();
        addMessages(first, List.of(map("uuid", uuid, "role_type", "user", "content", "one")));

        String second = createSession();
        List<Map<String, Object>> batch = List.of(
                map("role_type", "user", "content", "fresh"),
                map("uuid", uuid, "role_type", "user", "content", "again"));
        assertError(api().body(Map.of("messages", batch)).post(memoryPath(), second), 400, "messages[1]");
        assertEquals(List.of(), storedContents(second));
        assertEquals(List.of("one"), storedContents(first));
    }

    @Test
    void aUuidThatIsNotAUuidIs400() {
        String sessionId = createSession();
        assertError(api().body(Map.of("messages", List.of(map("uuid", "not-a-uuid", "role_type", "user", "content", "x"))))
                .post(memoryPath(), sessionId), 400);
        assertEquals(List.of(), storedContents(sessionId));
    }

    @Test
    void aClientUuidIsHonoured() {
        String sessionId = createSession();
        String uuid = UUID.randomUUID().toString();
        addMessages(sessionId, List.of(map("uuid", uuid, "role_type", "user", "content", "mine")));
        api().get("/api/v2/sessions/{id}/messages/{uuid}", sessionId, uuid).then().statusCode(200)
                .body("uuid", equalTo(uuid))
                .body("content", equalTo("mine"));
    }

    @Test
    void aClientCreatedAtIsHonouredAndNormalisedToUtc() {
        String sessionId = createSession();
        addMessages(sessionId, List.of(
                map("role_type", "user", "content", "backfilled", "created_at", "2024-01-02T03:04:05.123456+02:00"),
                map("role_type", "user", "content", "now")));
        JsonPath list = getJson("/api/v2/sessions/{id}/messages", sessionId);
        assertEquals(Timestamps.parse("2024-01-02T01:04:05.123456Z"), Timestamps.parseUtc(list.getString("messages[0].created_at")));
        assertTrue(Timestamps.parseUtc(list.getString("messages[1].created_at")).getYear() >= 2025);
    }

    @Test
    void messagesKeepRequestOrderEvenWhenTheirCreatedAtSaysOtherwise() {
        String sessionId = createSession();
        addMessages(sessionId, List.of(
                map("role_type", "user", "content", "first", "created_at", "2024-05-01T00:00:00Z"),
                map("role_type", "user", "content", "second", "created_at", "2023-05-01T00:00:00Z")));
        assertEquals(List.of("first", "second"), storedContents(sessionId));
    }

    @Test
    void anInvalidCreatedAtIs400() {
        String sessionId = createSession();
        assertError(api().body(Map.of("messages", List.of(map("role_type", "user", "content", "x", "created_at", "yesterday"))))
                .post(memoryPath(), sessionId), 400);
        assertEquals(List.of(), storedContents(sessionId));
    }

    @Test
    void theSystemKeyOfMessageMetadataIsIgnoredOnInput() {
        String sessionId = createSession();
        addMessages(sessionId, List.of(map("role_type", "user", "content", "x",
                "metadata", Map.of("a", 1, "system", Map.of("b", 2)))));
        assertEquals(Map.of("a", 1), getJson("/api/v2/sessions/{id}/messages", sessionId).getMap("messages[0].metadata"));
    }

    @Test
    void returnContextAnswersAContextBlockWithTheFacts() {
        String sessionId = createSession();
        addFacts(sessionId, "Ada likes green tea", "Ada lives in London");
        String context = api().body(Map.of("messages", messages("m", 1), "return_context", true))
                .post(memoryPath(), sessionId)
                .then().statusCode(200)
                .extract().jsonPath().getString("context");
        assertTrue(context.contains("<FACTS>"), context);
        assertTrue(context.contains("Ada likes green tea"), context);
        assertTrue(context.contains("Ada lives in London"), context);
    }

    @Test
    void theMemoryCarriesTheFactsAsRelevantFactsAndContext() {
        String sessionId = createSession();
        addMessages(sessionId, messages("m", 1));
        addFacts(sessionId, "Ada likes green tea");
        api().get(memoryPath(), sessionId).then().statusCode(200)
                .body("relevant_facts[0].fact", equalTo("Ada likes green tea"))
                .body("relevant_facts[0].content", equalTo("Ada likes green tea"))
                .body("context", containsString("<FACTS>"))
                .body("context", containsString("Ada likes green tea"));
    }

    @Test
    void minRatingOnTheMemoryLeavesUnratedFactsOut() {
        String sessionId = createSession();
        addFacts(sessionId, "Ada likes green tea");
        api().get(memoryPath() + "?minRating=0.5", sessionId).then().statusCode(200)
                .body("relevant_facts.size()", equalTo(0));
    }

    @Test
    void deletingTheMemoryOfAnUnknownSessionIs404() {
        assertError(api().delete(memoryPath(), unique("nothing")), 404);
    }
}
