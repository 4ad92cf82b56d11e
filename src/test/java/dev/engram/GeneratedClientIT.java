package dev.engram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.client.ApiClient;
import dev.engram.client.ApiException;
import dev.engram.client.api.FactsApi;
import dev.engram.client.api.IntelligenceApi;
import dev.engram.client.api.MemoryApi;
import dev.engram.client.api.MessagesApi;
import dev.engram.client.api.SessionsApi;
import dev.engram.client.api.SummariesApi;
import dev.engram.client.api.UsersApi;
import dev.engram.client.model.AddFactsRequest;
import dev.engram.client.model.AddMemoryRequest;
import dev.engram.client.model.ClassifySessionRequest;
import dev.engram.client.model.CreateSessionRequest;
import dev.engram.client.model.CreateUserRequest;
import dev.engram.client.model.EndSessionsRequest;
import dev.engram.client.model.ExtractDataRequest;
import dev.engram.client.model.Fact;
import dev.engram.client.model.Memory;
import dev.engram.client.model.Message;
import dev.engram.client.model.MessageListResponse;
import dev.engram.client.model.MessageMetadataUpdate;
import dev.engram.client.model.NewFact;
import dev.engram.client.model.RoleType;
import dev.engram.client.model.Session;
import dev.engram.client.model.SessionClassification;
import dev.engram.client.model.UpdateSessionRequest;
import dev.engram.client.model.UpdateUserRequest;
import dev.engram.client.model.User;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the packaged server through the Java client generated from {@code openapi/zep-v2.yaml}:
 * if the spec and the server disagree in a way that breaks generated clients, this fails.
 */
@QuarkusIntegrationTest
@TestProfile(GeneratedClientIT.WithApiKey.class)
class GeneratedClientIT {

    static final String KEY = "it-key";

    public static class WithApiKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.auth.api-keys", KEY);
        }

        @Override
        public String getConfigProfile() {
            return "test";
        }
    }

    private static ApiClient client(String key) {
        ApiClient client = new ApiClient();
        client.setScheme("http");
        client.setHost("localhost");
        client.setPort(RestAssured.port);
        client.setBasePath("");
        client.setRequestInterceptor(request -> request.header("Authorization", "Api-Key " + key));
        return client;
    }

    private ApiClient client;
    private UsersApi users;
    private SessionsApi sessions;
    private MemoryApi memory;
    private MessagesApi messages;
    private FactsApi facts;
    private SummariesApi summaries;

    /** The server's port is known only once Quarkus has started it, after the instance exists. */
    @BeforeEach
    void connect() {
        client = client(KEY);
        users = new UsersApi(client);
        sessions = new SessionsApi(client);
        memory = new MemoryApi(client);
        messages = new MessagesApi(client);
        facts = new FactsApi(client);
        summaries = new SummariesApi(client);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aConversationRoundTripsThroughTheGeneratedClient() throws ApiException {
        String userId = unique("ada");
        User user = users.addUser(new CreateUserRequest().userId(userId).firstName("Ada")
                .metadata(Map.of("tier", "gold")));
        assertEquals(userId, user.getUserId());
        assertNotNull(user.getUuid());

        User updated = users.updateUser(userId, new UpdateUserRequest().lastName("Lovelace")
                .metadata(Map.of("plan", "pro")));
        assertEquals("Lovelace", updated.getLastName());
        assertEquals(Map.of("tier", "gold", "plan", "pro"), updated.getMetadata());

        String sessionId = unique("chat");
        Session session = sessions.addSession(new CreateSessionRequest().sessionId(sessionId).userId(userId));
        assertEquals(userId, session.getUserId());
        assertEquals(1, users.getUserSessions(userId).size());

        memory.addMemory(sessionId, new AddMemoryRequest().messages(List.of(
                new Message().role("Ada").roleType(RoleType.USER).content("I moved to Lisbon."),
                new Message().role("Bot").roleType(RoleType.ASSISTANT).content("Noted!"))));

        MessageListResponse page = messages.getSessionMessages(sessionId, 1, 2L);
        assertEquals(2L, page.getTotalCount());
        assertEquals("Noted!", page.getMessages().get(0).getContent());

        Message first = messages.getSessionMessages(sessionId, null, null).getMessages().get(0);
        Message withMetadata = messages.updateMessageMetadata(sessionId, first.getUuid().toString(),
                new MessageMetadataUpdate().metadata(Map.of("mood", "happy")));
        assertEquals("happy", withMetadata.getMetadata().get("mood"));
        assertEquals("I moved to Lisbon.",
                messages.getSessionMessage(sessionId, first.getUuid().toString()).getContent());

        facts.addSessionFacts(sessionId, new AddFactsRequest().facts(List.of(new NewFact().fact("Ada lives in Lisbon"))));
        List<Fact> userFacts = facts.getUserFacts(userId).getFacts();
        assertEquals("Ada lives in Lisbon", userFacts.get(0).getContent());
        assertEquals(userFacts.get(0).getUuid(), facts.getFact(userFacts.get(0).getUuid().toString()).getFact().getUuid());

        Memory current = memory.getMemory(sessionId, 1, null);
        assertEquals(1, current.getMessages().size());
        assertEquals("Noted!", current.getMessages().get(0).getContent());
        assertTrue(current.getContext().contains("Ada lives in Lisbon"));
        assertEquals(0, summaries.getSummaries(sessionId).getSummaries().size());

        Session ended = sessions.endSessions(new EndSessionsRequest().sessionIds(List.of(sessionId))).getSessions().get(0);
        assertNotNull(ended.getEndedAt());
        ApiException conflict = assertThrows(ApiException.class,
                () -> sessions.updateSession(sessionId, new UpdateSessionRequest().metadata(Map.of("a", 1))));
        assertEquals(409, conflict.getCode());

        facts.deleteFact(userFacts.get(0).getUuid().toString());
        assertEquals(404, assertThrows(ApiException.class,
                () -> facts.getFact(userFacts.get(0).getUuid().toString())).getCode());

        users.deleteUser(userId);
        assertEquals(404, assertThrows(ApiException.class, () -> sessions.getSession(sessionId)).getCode());
    }

    @Test
    void listsPageThroughUsersAndSessions() throws ApiException {
        String userId = unique("pager");
        users.addUser(new CreateUserRequest().userId(userId));
        for (int i = 0; i < 3; i++) {
            sessions.addSession(new CreateSessionRequest().sessionId(unique("s" + i)).userId(userId));
        }
        var page = sessions.listSessions(1, 2, "created_at", false, null, null);
        assertEquals(2, page.getResponseCount());
        assertTrue(page.getTotalCount() >= 3);
        assertEquals(userId, users.listUsersOrdered(1, 1).getUsers().get(0).getUserId());
    }

    @Test
    void intelligenceAnswersThroughTheGeneratedClient() throws ApiException {
        String userId = unique("curious");
        users.addUser(new CreateUserRequest().userId(userId));
        String sessionId = unique("tower");
        sessions.addSession(new CreateSessionRequest().sessionId(sessionId).userId(userId));
        memory.addMemory(sessionId, new AddMemoryRequest().messages(List.of(
                new Message().role("Ada").roleType(RoleType.USER).content("Tell me about the Eiffel Tower. I'm flying to Paris on 2024-05-04."),
                new Message().role("Bot").roleType(RoleType.ASSISTANT).content("The Eiffel Tower is a wrought-iron tower in Paris."),
                new Message().role("Ada").roleType(RoleType.USER).content("How tall is it?"))));
        IntelligenceApi intelligence = new IntelligenceApi(client);

        assertEquals("How tall is the Eiffel Tower?", intelligence.synthesizeQuestion(sessionId, null).getQuestion());

        SessionClassification classification = intelligence.classifySession(sessionId,
                new ClassifySessionRequest().name("topic").classes(List.of("sightseeing", "banking")));
        assertEquals("sightseeing", classification.getPropertyClass());
        assertEquals("topic", classification.getLabel());
        assertEquals(Map.of("topic", "sightseeing"), sessions.getSession(sessionId).getClassifications());

        Map<String, String> extracted = intelligence.extractData(sessionId, new ExtractDataRequest().lastN(3)
                .modelSchema("{\"properties\":{\"flight\":{\"zep_type\":\"ZepDate\",\"description\":\"The flight date\"},"
                        + "\"destination\":{\"zep_type\":\"ZepText\",\"description\":\"Where the user is travelling to\"}}}"));
        assertEquals(Map.of("flight", "2024-05-04", "destination", "Paris"), extracted);

        String empty = unique("empty");
        sessions.addSession(new CreateSessionRequest().sessionId(empty).userId(userId));
        assertEquals(400, assertThrows(ApiException.class, () -> intelligence.synthesizeQuestion(empty, null)).getCode());
    }

    @Test
    void aWrongKeyIsRejected() {
        ApiException e = assertThrows(ApiException.class, () -> new UsersApi(client("wrong")).getUser("anyone"));
        assertEquals(401, e.getCode());
        assertEquals("{\"message\":\"unauthorized\"}", e.getResponseBody());
        assertNull(e.getResponseHeaders().firstValue("Location").orElse(null));
    }
}
