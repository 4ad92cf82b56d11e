package dev.engram;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FactApiTest extends ApiTestSupport {

    private static List<String> sessionFacts(String sessionId) {
        return getJson("/api/v2/sessions/{id}/facts", sessionId).getList("facts.fact", String.class);
    }

    private static List<String> userFacts(String userId) {
        return getJson("/api/v2/users/{id}/facts", userId).getList("facts.fact", String.class);
    }

    @Test
    void addsAndListsTheFactsOfASessionOldestFirst() {
        String sessionId = createSession();
        api().body(Map.of("facts", List.of(Map.of("fact", "Ada likes tea"), Map.of("fact", "Ada lives in London"))))
                .post("/api/v2/sessions/{id}/facts", sessionId)
                .then().statusCode(200).body("message", notNullValue());
        JsonPath facts = getJson("/api/v2/sessions/{id}/facts", sessionId);
        assertEquals(List.of("Ada likes tea", "Ada lives in London"), facts.getList("facts.fact", String.class));
        assertEquals(List.of("Ada likes tea", "Ada lives in London"), facts.getList("facts.content", String.class));
        facts.getList("facts.uuid", String.class).forEach(UUID::fromString);
        facts.getList("facts.created_at", String.class).forEach(Timestamps::parseUtc);
        assertEquals(List.of(List.of(), List.of()), facts.getList("facts.episodes"), "added, not learnt from a message");
    }

    @Test
    void theSameTextIsNotStoredTwiceInASession() {
        String sessionId = createSession();
        addFacts(sessionId, "Ada likes tea", "Ada likes tea");
        addFacts(sessionId, "Ada likes tea", "Ada likes cake");
        assertEquals(List.of("Ada likes tea", "Ada likes cake"), sessionFacts(sessionId));
    }

    @Test
    void aUsersFactsAreTheFactsOfAllItsSessions() {
        String userId = createUser();
        String first = createSession(userId);
        String second = createSession(userId);
        addFacts(first, "Ada likes tea");
        addFacts(second, "Ada plays chess");
        addFacts(createSession(), "someone else's fact");
        assertEquals(List.of("Ada likes tea", "Ada plays chess"), userFacts(userId));
        assertEquals(List.of("Ada likes tea"), sessionFacts(first));
        assertEquals(List.of("Ada plays chess"), sessionFacts(second));
    }

    @Test
    void aUserWithoutFactsHasAnEmptyList() {
        assertEquals(List.of(), userFacts(createUser()));
    }

    @Test
    void theFactsOfAnUnknownUserAre404() {
        assertError(api().get("/api/v2/users/{id}/facts", unique("nobody")), 404);
    }

    @Test
    void theFactsOfAnUnknownSessionAre404() {
        assertError(api().get("/api/v2/sessions/{id}/facts", unique("nothing")), 404);
        assertError(api().body(Map.of("facts", List.of(Map.of("fact", "x")))).post("/api/v2/sessions/{id}/facts", unique("nothing")), 404);
    }

    @Test
    void getsOneFactByItsUuid() {
        String sessionId = createSession();
        addFacts(sessionId, "Ada likes tea");
        String uuid = getJson("/api/v2/sessions/{id}/facts", sessionId).getString("facts[0].uuid");
        api().get("/api/v2/facts/{uuid}", uuid).then().statusCode(200)
                .body("fact.uuid", equalTo(uuid))
                .body("fact.fact", equalTo("Ada likes tea"))
                .body("fact.content", equalTo("Ada likes tea"));
    }

    @Test
    void deletesAFact() {
        String userId = createUser();
        String sessionId = createSession(userId);
        addFacts(sessionId, "Ada likes tea", "Ada plays chess");
        String uuid = getJson("/api/v2/sessions/{id}/facts", sessionId).getString("facts[0].uuid");
        api().delete("/api/v2/facts/{uuid}", uuid).then().statusCode(200).body("message", notNullValue());
        assertError(api().get("/api/v2/facts/{uuid}", uuid), 404);
        assertEquals(List.of("Ada plays chess"), sessionFacts(sessionId));
        assertEquals(List.of("Ada plays chess"), userFacts(userId));
    }

    @Test
    void deletingAFactTwiceIs404() {
        String sessionId = createSession();
        addFacts(sessionId, "Ada likes tea");
        String uuid = getJson("/api/v2/sessions/{id}/facts", sessionId).getString("facts[0].uuid");
        api().delete("/api/v2/facts/{uuid}", uuid).then().statusCode(200);
        assertError(api().delete("/api/v2/facts/{uuid}", uuid), 404);
    }

    @Test
    void anUnknownOrNonUuidFactIs404() {
        assertError(api().get("/api/v2/facts/{uuid}", UUID.randomUUID().toString()), 404);
        assertError(api().get("/api/v2/facts/{uuid}", "not-a-uuid"), 404);
        assertError(api().delete("/api/v2/facts/{uuid}", UUID.randomUUID().toString()), 404);
        assertError(api().delete("/api/v2/facts/{uuid}", "not-a-uuid"), 404);
    }

    @Test
    void minRatingLeavesUnratedFactsOut() {
        String sessionId = createSession();
        addFacts(sessionId, "Ada likes tea");
        api().get("/api/v2/sessions/{id}/facts?minRating=0", sessionId).then().statusCode(200)
                .body("facts.size()", equalTo(0));
        api().get("/api/v2/sessions/{id}/facts", sessionId).then().statusCode(200)
                .body("facts.size()", equalTo(1));
    }

    @Test
    void anEmptyFactListOrABlankFactIs400AndStoresNothing() {
        String sessionId = createSession();
        assertError(api().body(Map.of("facts", List.of())).post("/api/v2/sessions/{id}/facts", sessionId), 400);
        assertError(api().body(Map.of("facts", List.of(Map.of("fact", "fine"), Map.of("fact", " "))))
                .post("/api/v2/sessions/{id}/facts", sessionId), 400, "facts[1]");
        assertError(api().body(Map.of("facts", List.of(Map.of("fact", "fine"), Map.of())))
                .post("/api/v2/sessions/{id}/facts", sessionId), 400);
        assertEquals(List.of(), sessionFacts(sessionId));
    }
}
