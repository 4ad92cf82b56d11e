package dev.engram;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.user.UserService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UserApiTest extends ApiTestSupport {

    @Inject
    UserService userService;

    @Test
    void createsAndReadsAUser() {
        String userId = unique("ada");
        api().body(Map.of("user_id", userId, "email", "ada@example.org", "first_name", "Ada",
                        "metadata", Map.of("tier", "gold", "system", Map.of("x", 1))))
                .post("/api/v2/users")
                .then().statusCode(201)
                .body("user_id", equalTo(userId))
                .body("email", equalTo("ada@example.org"))
                .body("metadata.tier", equalTo("gold"))
                .body("metadata", not(hasKey("system")))
                .body("uuid", notNullValue())
                .body("id", notNullValue())
                .body("session_count", equalTo(0));

        api().get("/api/v2/users/{id}", userId)
                .then().statusCode(200)
                .body("first_name", equalTo("Ada"));
    }

    @Test
    void rejectsADuplicateUserWith400() {
        String userId = createUser();
        api().body(Map.of("user_id", userId)).post("/api/v2/users")
                .then().statusCode(400)
                .body("message", startsWith("bad request: user already exists"));
    }

    @Test
    void unknownUserIs404() {
        assertError(api().get("/api/v2/users/{id}", unique("nobody")), 404);
    }

    @Test
    void creatingAUserWithoutUserIdIs400() {
        assertError(api().body(Map.of("email", "x@example.org")).post("/api/v2/users"), 400, "user_id");
        assertError(api().body(Map.of("user_id", "")).post("/api/v2/users"), 400, "user_id");
    }

    @Test
    void userIdsBreakingTheIdRulesAreRejectedWith400() {
        String base = unique("bad");
        for (String id : List.of("x".repeat(256), " " + base, base + " ", base + "\u0001x", base + "\tx",
                base + "/x", base + "?x", base + "#x")) {
            assertError(api().body(Map.of("user_id", id)).post("/api/v2/users"), 400, "user_id");
        }
    }

    @Test
    void aUserIdOf255CharactersIsAccepted() {
        String id = unique("long");
        id = id + "x".repeat(255 - id.length());
        api().body(Map.of("user_id", id)).post("/api/v2/users").then().statusCode(201).body("user_id", equalTo(id));
        api().get("/api/v2/users/{id}", id).then().statusCode(200).body("user_id", equalTo(id));
    }

    @Test
    void updateChangesOnlyTheGivenFieldsAndEmptyStringsLeaveValuesUnchanged() {
        String userId = unique("upd");
        api().body(Map.of("user_id", userId, "email", "a@example.org", "first_name", "Ada", "last_name", "Lovelace"))
                .post("/api/v2/users").then().statusCode(201);

        api().body(map("email", "", "first_name", "Augusta", "last_name", null))
                .patch("/api/v2/users/{id}", userId)
                .then().statusCode(200)
                .body("email", equalTo("a@example.org"))
                .body("first_name", equalTo("Augusta"))
                .body("last_name", equalTo("Lovelace"));

        api().get("/api/v2/users/{id}", userId).then().statusCode(200)
                .body("email", equalTo("a@example.org"))
                .body("first_name", equalTo("Augusta"))
                .body("last_name", equalTo("Lovelace"));
    }

    @Test
    void updateMovesUpdatedAtButNotCreatedAt() {
        String userId = createUser();
        JsonPath before = getJson("/api/v2/users/{id}", userId);
        JsonPath after = api().body(Map.of("first_name", "Ada")).patch("/api/v2/users/{id}", userId)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(before.getString("created_at"), after.getString("created_at"));
        assertEquals(before.getLong("id"), after.getLong("id"));
        assertTrue(Timestamps.parse(after.getString("updated_at")).isAfter(Timestamps.parse(before.getString("updated_at"))));
    }

    @Test
    void userMetadataUpdatesDeepMergeAndIgnoreTheSystemKey() {
        String userId = unique("meta");
        api().body(Map.of("user_id", userId, "metadata", MetadataCases.STORED)).post("/api/v2/users")
                .then().statusCode(201);

        Map<String, Object> patched = api().body(Map.of("metadata", MetadataCases.PATCH))
                .patch("/api/v2/users/{id}", userId).then().statusCode(200)
                .extract().jsonPath().getMap("metadata");
        assertEquals(MetadataCases.MERGED, patched);
        assertEquals(MetadataCases.MERGED, getJson("/api/v2/users/{id}", userId).getMap("metadata"));
    }

    @Test
    void emptyOrNullMetadataChangesNothingOnAUser() {
        String userId = unique("meta");
        api().body(Map.of("user_id", userId, "metadata", MetadataCases.STORED)).post("/api/v2/users")
                .then().statusCode(201);
        api().body(Map.of("metadata", Map.of())).patch("/api/v2/users/{id}", userId).then().statusCode(200);
        api().body(map("metadata", null)).patch("/api/v2/users/{id}", userId).then().statusCode(200);
        api().body(Map.of("metadata", Map.of("system", Map.of("a", 1)))).patch("/api/v2/users/{id}", userId)
                .then().statusCode(200);
        assertEquals(MetadataCases.STORED, getJson("/api/v2/users/{id}", userId).getMap("metadata"));
    }

    @Test
    void updatingAnUnknownUserIs404() {
        assertError(api().body(Map.of("first_name", "x")).patch("/api/v2/users/{id}", unique("nobody")), 404);
    }

    @Test
    void sessionCountCountsTheUsersSessions() {
        String userId = createUser();
        createSession(userId);
        createSession(userId);
        api().get("/api/v2/users/{id}", userId).then().statusCode(200).body("session_count", equalTo(2));
    }

    @Test
    void aUsersSessionsAreListedOldestFirst() {
        String userId = createUser();
        String first = createSession(userId);
        String second = createSession(userId);
        createSession(createUser()); // someone else's
        List<String> ids = api().get("/api/v2/users/{id}/sessions", userId).then().statusCode(200)
                .extract().jsonPath().getList("session_id", String.class);
        assertEquals(List.of(first, second), ids);
    }

    @Test
    void aUserWithoutSessionsHasAnEmptySessionList() {
        String userId = createUser();
        api().get("/api/v2/users/{id}/sessions", userId).then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void theSessionsOfAnUnknownUserAre404() {
        assertError(api().get("/api/v2/users/{id}/sessions", unique("nobody")), 404);
    }

    @Test
    void deletingAUserDeletesItsSessionsMessagesAndFacts() {
        String userId = createUser();
        String sessionId = createSession(userId);
        addMessages(sessionId, messages("m", 2));
        addFacts(sessionId, "Ada likes tea");
        String messageUuid = getJson("/api/v2/sessions/{id}/messages", sessionId).getString("messages[0].uuid");
        String factUuid = getJson("/api/v2/sessions/{id}/facts", sessionId).getString("facts[0].uuid");

        api().delete("/api/v2/users/{id}", userId).then().statusCode(200).body("message", notNullValue());

        assertError(api().get("/api/v2/users/{id}", userId), 404);
        assertError(api().get("/api/v2/users/{id}/sessions", userId), 404);
        assertError(api().get("/api/v2/users/{id}/facts", userId), 404);
        assertError(api().get("/api/v2/sessions/{id}", sessionId), 404);
        assertError(api().get("/api/v2/sessions/{id}/memory", sessionId), 404);
        assertError(api().get("/api/v2/sessions/{id}/messages", sessionId), 404);
        assertError(api().get("/api/v2/sessions/{id}/messages/{uuid}", sessionId, messageUuid), 404);
        assertError(api().get("/api/v2/sessions/{id}/facts", sessionId), 404);
        assertError(api().get("/api/v2/facts/{uuid}", factUuid), 404);
    }

    @Test
    void deletingAUserTwiceIs404() {
        String userId = createUser();
        api().delete("/api/v2/users/{id}", userId).then().statusCode(200);
        assertError(api().delete("/api/v2/users/{id}", userId), 404);
    }

    @Test
    void aDeletedUserIdCanBeCreatedAgain() {
        String userId = createUser();
        api().delete("/api/v2/users/{id}", userId).then().statusCode(200);
        api().body(Map.of("user_id", userId)).post("/api/v2/users").then().statusCode(201);
    }

    @Test
    void usersOrderedListsNewestFirstWithTrueTotals() {
        List<String> created = List.of(createUser(), createUser(), createUser());
        JsonPath page = getJson("/api/v2/users-ordered?pageSize=3");
        assertEquals(List.of(created.get(2), created.get(1), created.get(0)), page.getList("users.user_id", String.class));
        assertEquals(3, page.getInt("row_count"));
        long total = page.getLong("total_count");

        JsonPath all = getJson("/api/v2/users-ordered");
        assertEquals(total, all.getLong("total_count"));
        assertEquals(Math.min(total, 1000), all.getList("users").size());
    }

    @Test
    void usersOrderedPagesAreOneBased() {
        List<String> created = List.of(createUser(), createUser(), createUser());
        assertEquals(List.of(created.get(2)), getJson("/api/v2/users-ordered?pageNumber=1&pageSize=1")
                .getList("users.user_id", String.class));
        assertEquals(List.of(created.get(1)), getJson("/api/v2/users-ordered?pageNumber=2&pageSize=1")
                .getList("users.user_id", String.class));
        assertEquals(List.of(created.get(0)), getJson("/api/v2/users-ordered?pageSize=1&pageNumber=3")
                .getList("users.user_id", String.class));
        // absent page number is page 1
        assertEquals(List.of(created.get(2), created.get(1)), getJson("/api/v2/users-ordered?pageSize=2")
                .getList("users.user_id", String.class));
    }

    @Test
    void usersOrderedBeyondTheLastPageIsEmptyWithTheTrueTotal() {
        createUser();
        long total = getJson("/api/v2/users-ordered?pageSize=1").getLong("total_count");
        JsonPath page = getJson("/api/v2/users-ordered?pageSize=1&pageNumber=" + (total + 1));
        assertEquals(0, page.getList("users").size());
        assertEquals(0, page.getInt("row_count"));
        assertEquals(total, page.getLong("total_count"));
    }

    @Test
    void usersOrderedCarriesSessionCounts() {
        String userId = createUser();
        createSession(userId);
        api().get("/api/v2/users-ordered?pageSize=1").then().statusCode(200)
                .body("users[0].user_id", equalTo(userId))
                .body("users[0].session_count", equalTo(1));
    }

    @Test
    void usersOrderedRejectsPageParametersBelowOneOrNotIntegers() {
        assertError(api().get("/api/v2/users-ordered?pageNumber=0"), 400);
        assertError(api().get("/api/v2/users-ordered?pageSize=0"), 400);
        assertError(api().get("/api/v2/users-ordered?pageSize=-5"), 400);
        assertError(api().get("/api/v2/users-ordered?pageNumber=abc"), 400);
        assertError(api().get("/api/v2/users-ordered?pageSize=1.5"), 400);
    }

    @Test
    void usersOrderedCapsPagesAt1000() {
        String prefix = unique("bulk");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            ids.add(prefix + "-" + i);
        }
        QuarkusTransaction.requiringNew().run(() -> ids.forEach(id -> userService.create(id,
                new UserService.UserChanges(null, null, null, null, null))));
        try {
            JsonPath capped = getJson("/api/v2/users-ordered?pageSize=5000");
            assertEquals(1000, capped.getList("users").size());
            assertEquals(1000, capped.getInt("row_count"));
            assertTrue(capped.getLong("total_count") >= 1001);
            assertEquals(1000, getJson("/api/v2/users-ordered").getList("users").size());
            assertEquals(prefix + "-0", getJson("/api/v2/users-ordered?pageSize=1000&pageNumber=2")
                    .getString("users[0].user_id"));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> ids.forEach(userService::delete));
        }
    }
}
