package dev.engram.intelligence;

import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.ApiTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Classify, extract and synthesize through the HTTP API with the default local implementations,
 * on realistic conversations; every response is validated against the contract.
 */
@QuarkusTest
class LocalIntelligenceApiTest extends ApiTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String sessionWith(String... turns) {
        String sessionId = createSession(createUser());
        List<Map<String, Object>> messages = new java.util.ArrayList<>();
        for (int i = 0; i < turns.length; i++) {
            messages.add(message(i % 2 == 0 ? "user" : "assistant", turns[i]));
        }
        addMessages(sessionId, messages);
        return sessionId;
    }

    private static String schema(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // --- classify ------------------------------------------------------------------------------

    @Test
    void classifiesTheConversationAndPersistsTheClassUnderTheClassifierName() {
        String sessionId = sessionWith(
                "My card was charged twice for the same order.",
                "I'm sorry to hear that. Let me look into it.",
                "I'd like a refund for the second charge, please.");
        api().body(Map.of("name", "intent", "classes", List.of("shipping", "Billing", "technical support")))
                .post("/api/v2/sessions/{id}/classify", sessionId)
                .then().statusCode(200)
                .body("class", equalTo("Billing"))
                .body("label", equalTo("intent"));
        api().get("/api/v2/sessions/{id}", sessionId)
                .then().statusCode(200).body("classifications.intent", equalTo("Billing"));
    }

    @Test
    void classifyLooksOnlyAtTheLastNMessagesAndCanSkipPersisting() {
        String sessionId = sessionWith(
                "Can you recommend a good pasta recipe for dinner?",
                "Try spaghetti carbonara with eggs, pecorino and guanciale.",
                "Which wine goes well with carbonara?",
                "A dry white such as Frascati.",
                "By the way, your app crashes every time I open the settings screen.",
                "Sorry about that! Which version of the app are you using?");
        List<String> classes = List.of("cooking", "technical problem");
        api().body(Map.of("name", "topic", "classes", classes, "last_n", 6, "persist", false))
                .post("/api/v2/sessions/{id}/classify", sessionId)
                .then().statusCode(200).body("class", equalTo("cooking"));
        api().body(Map.of("name", "topic", "classes", classes, "last_n", 2, "persist", false))
                .post("/api/v2/sessions/{id}/classify", sessionId)
                .then().statusCode(200).body("class", equalTo("technical problem"));
        api().get("/api/v2/sessions/{id}", sessionId)
                .then().statusCode(200).body("classifications", not(hasKey("topic")));
    }

    @Test
    void classifyUsesTheInstructionToJudgeSentiment() {
        String sessionId = sessionWith(
                "This is the third time the package arrived broken. I'm furious!",
                "I'm very sorry about that.",
                "Sorry is not enough, I want this fixed today.");
        api().body(Map.of("name", "sentiment", "classes", List.of("happy", "angry", "neutral"),
                        "instruction", "How does the user feel?"))
                .post("/api/v2/sessions/{id}/classify", sessionId)
                .then().statusCode(200).body("class", equalTo("angry")).body("label", equalTo("sentiment"));
    }

    @Test
    void classifyRejectsEmptyClassesAnEmptySessionAndUnknownSessions() {
        String sessionId = sessionWith("Hello there.");
        api().body(Map.of("name", "intent", "classes", List.of()))
                .post("/api/v2/sessions/{id}/classify", sessionId)
                .then().statusCode(400).body("message", containsString("classes"));
        api().body(Map.of("name", "intent", "classes", List.of("a", " ")))
                .post("/api/v2/sessions/{id}/classify", sessionId)
                .then().statusCode(400);
        String empty = createSession(createUser());
        api().body(Map.of("name", "intent", "classes", List.of("a", "b")))
                .post("/api/v2/sessions/{id}/classify", empty)
                .then().statusCode(400).body("message", containsString("no messages"));
        api().body(Map.of("name", "intent", "classes", List.of("a", "b")))
                .post("/api/v2/sessions/{id}/classify", unique("missing"))
                .then().statusCode(404);
    }

    @Test
    void endingWithClassifyReturnsAndStoresTheClassification() {
        String sessionId = sessionWith(
                "I want to book a train to Porto for next weekend.",
                "Sure, trains leave Lisbon every hour.");
        api().body(Map.of("classify", Map.of("name", "intent", "classes", List.of("food", "travel"))))
                .post("/api/v2/sessions/{id}/end", sessionId)
                .then().statusCode(200)
                .body("session.ended_at", notNullValue())
                .body("session.classifications.intent", equalTo("travel"))
                .body("classification.class", equalTo("travel"))
                .body("classification.label", equalTo("intent"));

        String empty = createSession(createUser());
        api().body(Map.of("classify", Map.of("name", "intent", "classes", List.of("food", "travel"))))
                .post("/api/v2/sessions/{id}/end", empty)
                .then().statusCode(400);
        api().get("/api/v2/sessions/{id}", empty).then().statusCode(200).body("ended_at", nullValue());
    }

    // --- extract -------------------------------------------------------------------------------

    private static final String BOOKING_CHAT_NOW = "2024-03-06T10:00:00Z"; // a Wednesday

    private static String bookingChat() {
        return sessionWith(
                "Hi, I'm Ada Lovelace and I live in Lisbon. I work as a software engineer at Acme Corp.",
                "Nice to meet you, Ada! How can I help?",
                "I want to book a trip to Porto next Friday for 3 nights. My budget is 450.50 euros.",
                "Great choice. Can I have your email and phone number?",
                "Sure: ada@example.org, +351 912 345 678. My zip code is 1000-001. Pick me up tomorrow at 9am, booking ABC-1234.");
    }

    @Test
    void extractsEveryFieldTypeFromTheTypeScriptSchemaForm() {
        String sessionId = bookingChat();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", Map.of("zep_type", "ZepText", "description", "The user's name"));
        properties.put("city", Map.of("zep_type", "ZepText", "description", "The city where the user lives"));
        properties.put("destination", Map.of("zep_type", "ZepText", "description", "Where the user wants to travel"));
        properties.put("employer", Map.of("zep_type", "ZepText", "description", "The company the user works for"));
        properties.put("email", Map.of("zep_type", "ZepEmail", "description", "The user's email address"));
        properties.put("phone", Map.of("zep_type", "ZepPhoneNumber", "description", "The user's phone number"));
        properties.put("zip", Map.of("zep_type", "ZepZipCode", "description", "The user's zip code"));
        properties.put("nights", Map.of("zep_type", "ZepNumber", "description", "How many nights"));
        properties.put("budget", Map.of("zep_type", "ZepFloat", "description", "The budget in euros"));
        properties.put("departure", Map.of("zep_type", "ZepDate", "description", "The travel date"));
        properties.put("pickup", Map.of("zep_type", "ZepDateTime", "description", "When to pick the user up"));
        properties.put("booking", Map.of("zep_type", "ZepRegex", "description", "Booking reference", "pattern", "[A-Z]{3}-\\d{4}"));
        properties.put("pet", Map.of("zep_type", "ZepText", "description", "The name of the user's dog"));
        api().body(Map.of("last_n", 10, "model_schema", schema(Map.of("properties", properties)),
                        "current_date_time", BOOKING_CHAT_NOW))
                .post("/api/v2/sessions/{id}/extract", sessionId)
                .then().statusCode(200)
                .body("name", equalTo("Ada Lovelace"))
                .body("city", equalTo("Lisbon"))
                .body("destination", equalTo("Porto"))
                .body("employer", equalTo("Acme Corp"))
                .body("email", equalTo("ada@example.org"))
                .body("phone", equalTo("+351 912 345 678"))
                .body("zip", equalTo("1000-001"))
                .body("nights", equalTo("3"))
                .body("budget", equalTo("450.5"))
                .body("departure", equalTo("2024-03-08"))
                .body("pickup", equalTo("2024-03-07T09:00:00Z"))
                .body("booking", equalTo("ABC-1234"))
                .body("$", not(hasKey("pet")));
    }

    @Test
    void extractsFromThePythonJsonSchemaFormAndHonoursLastN() {
        String sessionId = sessionWith(
                "My name is Grace Hopper. I moved to Arlington in 1985.",
                "Welcome, Grace!",
                "My favorite color is green and I love sushi.",
                "Noted.",
                "Let's meet in 3 days, my number is 555-867-5309.");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("first_name", Map.of("title", "First Name", "description", "The user's first name",
                "type", "string", "default", "null", "zep_type", "ZepText"));
        properties.put("color", Map.of("title", "Color", "description", "The user's favorite color",
                "type", "string", "zep_type", "ZepText"));
        properties.put("food", Map.of("title", "Food", "description", "The user's favorite food",
                "type", "string", "zep_type", "ZepText"));
        properties.put("meeting", Map.of("title", "Meeting", "description", "The meeting date", "type", "string",
                "format", "date", "zep_type", "ZepDate"));
        properties.put("phone", Map.of("title", "Phone", "description", "Phone number", "type", "string",
                "zep_type", "ZepPhoneNumber"));
        String pythonSchema = schema(Map.of("title", "Contact", "type", "object", "properties", properties));

        api().body(Map.of("last_n", 5, "model_schema", pythonSchema, "current_date_time", "2024-12-30T18:00:00+01:00"))
                .post("/api/v2/sessions/{id}/extract", sessionId)
                .then().statusCode(200)
                .body("first_name", equalTo("Grace"))
                .body("color", equalTo("green"))
                .body("food", equalTo("sushi"))
                .body("meeting", equalTo("2025-01-02"))
                .body("phone", equalTo("555-867-5309"));

        // The last message alone holds neither the name nor the preferences.
        api().body(Map.of("last_n", 1, "model_schema", pythonSchema, "current_date_time", "2024-12-30T18:00:00+01:00"))
                .post("/api/v2/sessions/{id}/extract", sessionId)
                .then().statusCode(200)
                .body("$", aMapWithSize(2))
                .body("meeting", equalTo("2025-01-02"))
                .body("phone", equalTo("555-867-5309"));
    }

    @Test
    void extractRejectsSchemasThatAreNotJsonOrHaveNoProperties() {
        String sessionId = sessionWith("I live in Lisbon.");
        api().body(Map.of("last_n", 4, "model_schema", "{not json"))
                .post("/api/v2/sessions/{id}/extract", sessionId)
                .then().statusCode(400).body("message", startsWith("bad request: model_schema is not valid JSON"));
        api().body(Map.of("last_n", 4, "model_schema", "{\"title\":\"Empty\",\"type\":\"object\"}"))
                .post("/api/v2/sessions/{id}/extract", sessionId)
                .then().statusCode(400).body("message", containsString("properties"));
        api().body(Map.of("last_n", 4, "model_schema",
                        schema(Map.of("properties", Map.of("x", Map.of("zep_type", "ZepColour"))))))
                .post("/api/v2/sessions/{id}/extract", sessionId)
                .then().statusCode(400).body("message", containsString("ZepColour"));
        api().body(Map.of("last_n", 4, "model_schema", schema(Map.of("properties", Map.of("city",
                        Map.of("zep_type", "ZepText", "description", "The user's city"))))))
                .post("/api/v2/sessions/{id}/extract", unique("missing"))
                .then().statusCode(404);
        String empty = createSession(createUser());
        api().body(Map.of("last_n", 4, "model_schema", schema(Map.of("properties", Map.of("city",
                        Map.of("zep_type", "ZepText", "description", "The user's city"))))))
                .post("/api/v2/sessions/{id}/extract", empty)
                .then().statusCode(200).body("$", anEmptyMap());
    }

    // --- synthesize question -------------------------------------------------------------------

    @Test
    void synthesizesAStandaloneQuestionResolvingPronouns() {
        String sessionId = sessionWith(
                "Tell me about the Eiffel Tower.",
                "The Eiffel Tower is a wrought-iron lattice tower in Paris, France. It was designed by Gustave Eiffel's company.",
                "How tall is it?");
        api().get("/api/v2/sessions/{id}/synthesize_question", sessionId)
                .then().statusCode(200).body("question", equalTo("How tall is the Eiffel Tower?"));

        String curie = sessionWith(
                "Who was Marie Curie?",
                "Marie Curie was a physicist and chemist who pioneered research on radioactivity.",
                "When did she win her first Nobel Prize?");
        api().queryParam("lastNMessages", 3).get("/api/v2/sessions/{id}/synthesize_question", curie)
                .then().statusCode(200).body("question", equalTo("When did Marie Curie win her first Nobel Prize?"));
    }

    @Test
    void turnsARequestIntoAQuestionAndLooksOnlyAtTheLastMessages() {
        String sessionId = sessionWith(
                "I'm planning a trip to Kyoto in April.",
                "Kyoto is beautiful in spring, especially during the cherry blossom season.",
                "Great. How do I get there from Tokyo?");
        api().get("/api/v2/sessions/{id}/synthesize_question", sessionId)
                .then().statusCode(200).body("question", equalTo("How do I get to Kyoto from Tokyo?"));
        // With only the last message nothing tells what "there" is.
        api().queryParam("lastNMessages", 1).get("/api/v2/sessions/{id}/synthesize_question", sessionId)
                .then().statusCode(200).body("question", equalTo("How do I get there from Tokyo?"));

        String request = sessionWith("Find me a weekend trip by train.");
        api().get("/api/v2/sessions/{id}/synthesize_question", request)
                .then().statusCode(200).body("question", equalTo("Can you find me a weekend trip by train?"));
    }

    @Test
    void synthesizeRejectsEmptySessionsBadCountsAndUnknownSessions() {
        String empty = createSession(createUser());
        api().get("/api/v2/sessions/{id}/synthesize_question", empty)
                .then().statusCode(400).body("message", containsString("no messages"));
        String sessionId = sessionWith("How tall is Mount Everest?");
        api().queryParam("lastNMessages", 0).get("/api/v2/sessions/{id}/synthesize_question", sessionId)
                .then().statusCode(400);
        api().get("/api/v2/sessions/{id}/synthesize_question", unique("missing")).then().statusCode(404);
    }
}
