package dev.engram;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MessageApiTest extends ApiTestSupport {

    private static final String LIST = "/api/v2/sessions/{id}/messages";
    private static final String ONE = "/api/v2/sessions/{id}/messages/{uuid}";

    private static JsonPath page(String sessionId, String query) {
        return getJson(LIST + query, sessionId);
    }

    @Test
    void listsAllMessagesOldestFirstWithoutALimit() {
        String sessionId = createSession();
        addMessages(sessionId, messages("m", 5));
        JsonPath all = page(sessionId, "");
        assertEquals(List.of("m-0", "m-1", "m-2", "m-3", "m-4"), all.getList("messages.content", String.class));
        assertEquals(5, all.getLong("total_count"));
        assertEquals(5, all.getInt("row_count"));
    }

    @Test
    void limitAndCursorPageThroughTheMessages() {
        String sessionId = createSession();
        addMessages(sessionId, messages("m", 5));
        assertEquals(List.of("m-0", "m-1"), page(sessionId, "?limit=2").getList("messages.content", String.class));
        assertEquals(List.of("m-0", "m-1"), page(sessionId, "?limit=2&cursor=1").getList("messages.content", String.class));
        assertEquals(List.of("m-2", "m-3"), page(sessionId, "?limit=2&cursor=2").getList("messages.content", String.class));
        JsonPath last = page(sessionId, "?limit=2&cursor=3");
        assertEquals(List.of("m-4"), last.getList("messages.content", String.class));
        assertEquals(5, last.getLong("total_count"));
        assertEquals(1, last.getInt("row_count"));
    }

    @Test
    void cursorZeroIsTheFirstPage() {
        String sessionId = createSession();
        addMessages(sessionId, messages("m", 3));
        assertEquals(List.of("m-0", "m-1"), page(sessionId, "?limit=2&cursor=0").getList("messages.content", String.class));
    }

    @Test
    void aCursorBeyondTheEndIsAnEmptyPageWithTheTrueTotal() {
        String sessionId = createSession();
        addMessages(sessionId, messages("m", 3));
        JsonPath beyond = page(sessionId, "?limit=2&cursor=5");
        assertEquals(0, beyond.getList("messages").size());
        assertEquals(0, beyond.getInt("row_count"));
        assertEquals(3, beyond.getLong("total_count"));
    }

    @Test
    void invalidLimitsAndCursorsAre400() {
        String sessionId = createSession();
        assertError(api().get(LIST + "?limit=0", sessionId), 400);
        assertError(api().get(LIST + "?limit=-3", sessionId), 400);
        assertError(api().get(LIST + "?limit=ten", sessionId), 400);
        assertError(api().get(LIST + "?limit=2&cursor=next", sessionId), 400);
    }

    @Test
    void theMessagesOfAnUnknownSessionAre404() {
        assertError(api().get(LIST, unique("nothing")), 404);
    }

    @Test
    void anEmptySessionHasAnEmptyMessageList() {
        String sessionId = createSession();
        JsonPath empty = page(sessionId, "");
        assertEquals(0, empty.getList("messages").size());
        assertEquals(0, empty.getLong("total_count"));
    }

    @Test
    void getsOneMessage() {
        String sessionId = createSession();
        addMessages(sessionId, List.of(map("role", "Ada", "role_type", "user", "content", "hello",
                "metadata", Map.of("k", "v"))));
        String uuid = page(sessionId, "").getString("messages[0].uuid");
        api().get(ONE, sessionId, uuid).then().statusCode(200)
                .body("uuid", equalTo(uuid))
                .body("content", equalTo("hello"))
                .body("role", equalTo("Ada"))
                .body("role_type", equalTo("user"))
                .body("metadata.k", equalTo("v"));
    }

    @Test
    void anUnknownMessageUuidIs404() {
        String sessionId = createSession();
        assertError(api().get(ONE, sessionId, UUID.randomUUID().toString()), 404);
    }

    @Test
    void aMessageIdThatIsNotAUuidIs404() {
        String sessionId = createSession();
        assertError(api().get(ONE, sessionId, "not-a-uuid"), 404);
    }

    @Test
    void aMessageOfAnotherSessionIs404() {
        String mine = createSession();
        String other = createSession();
        addMessages(other, messages("m", 1));
        String uuid = page(other, "").getString("messages[0].uuid");
        assertError(api().get(ONE, mine, uuid), 404);
    }

    @Test
    void aMessageOfAnUnknownSessionIs404() {
        assertError(api().get(ONE, unique("nothing"), UUID.randomUUID().toString()), 404);
    }

    @Test
    void messageMetadataUpdatesDeepMergeAndIgnoreTheSystemKey() {
        String sessionId = createSession();
        addMessages(sessionId, List.of(map("role_type", "user", "content", "x", "metadata", MetadataCases.STORED)));
        String uuid = page(sessionId, "").getString("messages[0].uuid");

        JsonPath patched = api().body(Map.of("metadata", MetadataCases.PATCH)).patch(ONE, sessionId, uuid)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(MetadataCases.MERGED, patched.getMap("metadata"));
        assertEquals("x", patched.getString("content"));
        assertEquals(MetadataCases.MERGED, getJson(ONE, sessionId, uuid).getMap("metadata"));
    }

    @Test
    void emptyOrNullMetadataChangesNothingOnAMessage() {
        String sessionId = createSession();
        addMessages(sessionId, List.of(map("role_type", "user", "content", "x", "metadata", MetadataCases.STORED)));
        String uuid = page(sessionId, "").getString("messages[0].uuid");
        api().body(Map.of("metadata", Map.of())).patch(ONE, sessionId, uuid).then().statusCode(200);
        api().body(map("metadata", null)).patch(ONE, sessionId, uuid).then().statusCode(200);
        api().body(Map.of("metadata", Map.of("system", "x"))).patch(ONE, sessionId, uuid).then().statusCode(200);
        assertEquals(MetadataCases.STORED, getJson(ONE, sessionId, uuid).getMap("metadata"));
    }

    @Test
    void updatingAMessageMovesUpdatedAtButNotCreatedAt() {
        String sessionId = createSession();
        addMessages(sessionId, messages("m", 1));
        JsonPath before = page(sessionId, "");
        String uuid = before.getString("messages[0].uuid");
        JsonPath after = api().body(Map.of("metadata", Map.of("a", 1))).patch(ONE, sessionId, uuid)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(before.getString("messages[0].created_at"), after.getString("created_at"));
        assertNotEquals(before.getString("messages[0].updated_at"), after.getString("updated_at"));
    }

    @Test
    void updatingAnUnknownMessageIs404() {
        String sessionId = createSession();
        assertError(api().body(Map.of("metadata", Map.of("a", 1))).patch(ONE, sessionId, UUID.randomUUID().toString()), 404);
        assertError(api().body(Map.of("metadata", Map.of("a", 1))).patch(ONE, sessionId, "not-a-uuid"), 404);
        assertError(api().body(Map.of("metadata", Map.of("a", 1))).patch(ONE, unique("nothing"), UUID.randomUUID().toString()), 404);
    }
}
