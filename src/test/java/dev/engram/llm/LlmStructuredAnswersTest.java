package dev.engram.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.ApiTestSupport;
import dev.engram.common.EngramConfig;
import dev.engram.job.JobEntity;
import dev.engram.memory.IngestJob;
import dev.engram.session.SessionEntity;
import dev.engram.summary.SummarizeJob;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Facts, ratings and summaries through the fake OpenAI API when the model answers badly: the
 * request asks for a strict json_schema answer, a bad answer is asked for once more (with the
 * model's answer and what was wrong), and two bad answers fail the job, which stores nothing,
 * is retried, and is finally parked with the model's answer in its error. The answers are what
 * gpt-4o-mini answers for these conversations, and the ways it gets them wrong: cut off,
 * counting messages from 1, another key, another scale.
 */
@QuarkusTest
@TestProfile(LlmIntelligenceTest.LlmProfile.class)
class LlmStructuredAnswersTest extends ApiTestSupport {

    private static final String EXTRACT = "extract durable facts";
    private static final String RATE = "rate facts";
    private static final String SUMMARIZE = "progressive summary";

    /**
     * What the fake answers to requests of a kind (system prompt marker) about a conversation
     * (a phrase of the prompt): {@code first} to the first try, {@code retry} to the retry (which
     * carries the bad answer, so it has more than two messages). Stateless, so background work
     * of other tests reaching the fake cannot shift the script.
     */
    private record Script(String kind, String about, String first, String retry) {
    }

    private static final List<Script> SCRIPTS = new CopyOnWriteArrayList<>();
    private static final Pattern FACT_LINE = Pattern.compile("(?m)^\\d+\\. ");

    @Inject
    EngramConfig config;

    @BeforeEach
    void scriptTheFake() {
        SCRIPTS.clear();
        FakeOpenAi.get().reset();
        FakeOpenAi.get().answerWith(LlmStructuredAnswersTest::answer);
    }

    private static String answer(JsonNode request) {
        String system = FakeOpenAi.system(request);
        String user = FakeOpenAi.user(request);
        boolean retry = request.path("messages").size() > 2;
        for (Script script : SCRIPTS) {
            if (system.contains(script.kind()) && user.contains(script.about())) {
                return retry ? script.retry() : script.first();
            }
        }
        // Conversations of other tests: a valid, uneventful answer.
        if (system.contains(RATE)) {
            long facts = FACT_LINE.matcher(user.substring(user.indexOf("Facts:"))).results().count();
            List<String> ratings = new ArrayList<>();
            for (int i = 0; i < facts; i++) {
                ratings.add("{\"fact\": " + i + ", \"rating\": 0.5}");
            }
            return "{\"ratings\": [" + String.join(", ", ratings) + "]}";
        }
        if (system.contains(SUMMARIZE)) {
            return "{\"summary\": \"The user chatted with the assistant.\"}";
        }
        return "{\"facts\": []}";
    }

    @Test
    void theRequestAsksForAStrictSchemaAndACutOffAnswerIsAskedForAgain() {
        String about = "nurse at St Mary's Hospital in Leeds";
        String cutOff = "{\"facts\":[{\"fact\":\"Priya works as a nurse at St Mary's Hospital\",\"relation\":\"WORKS_AT\","
                + "\"source\":\"Priya\",\"target\":\"St Mary's Hospital\",\"message\":0,\"single_valued\":true},"
                + "{\"fact\":\"Priya is allergic to penicil";
        SCRIPTS.add(new Script(EXTRACT, about, cutOff,
                "{\"facts\":[{\"fact\":\"Priya works as a nurse at St Mary's Hospital\",\"relation\":\"WORKS_AT\","
                        + "\"source\":\"Priya\",\"target\":\"St Mary's Hospital\",\"message\":0,\"single_valued\":true},"
                        + "{\"fact\":\"Priya is allergic to penicillin\",\"relation\":\"ALLERGIC_TO\",\"source\":\"Priya\","
                        + "\"target\":\"penicillin\",\"message\":2,\"single_valued\":false}]}"));
        String sessionId = conversation("Priya", null, List.of(
                turn("Priya", "user", "I just started a new job as a " + about + ".", "2024-03-01T09:00:00Z"),
                turn("assistant", "assistant", "Congratulations! How are you finding it so far?", "2024-03-01T09:01:00Z"),
                turn("Priya", "user", "Busy, but I love it. I'm allergic to penicillin, which comes up a lot on the ward.",
                        "2024-03-01T09:02:00Z")));
        awaitProcessed(sessionId);

        List<Map<String, Object>> facts = facts(sessionId);
        assertEquals(2, facts.size(), facts.toString());
        assertEquals("Priya works as a nurse at St Mary's Hospital", facts.get(0).get("content"));
        assertEquals("WORKS_AT", facts.get(0).get("name"));
        assertEquals("Priya is allergic to penicillin", facts.get(1).get("content"));
        assertEquals("penicillin", facts.get(1).get("target_node_name"));
        assertTrue(OffsetDateTime.parse((String) facts.get(1).get("valid_at")).isEqual(OffsetDateTime.parse("2024-03-01T09:02:00Z")),
                "valid_at of message 2: " + facts.get(1).get("valid_at"));

        List<JsonNode> requests = requests(EXTRACT, about);
        assertEquals(2, requests.size(), "one try and one retry: " + requests);
        JsonNode first = requests.get(0);
        JsonNode format = first.path("response_format");
        assertEquals("json_schema", format.path("type").asText(), format.toString());
        assertEquals("facts", format.path("json_schema").path("name").asText());
        assertTrue(format.path("json_schema").path("strict").asBoolean(), format.toString());
        JsonNode fact = format.path("json_schema").path("schema").path("properties").path("facts").path("items");
        assertEquals(List.of("fact", "relation", "source", "target", "message", "single_valued"), strings(fact.path("required")));
        assertEquals(false, fact.path("additionalProperties").asBoolean(true));
        assertEquals("integer", fact.path("properties").path("message").path("type").asText());
        assertEquals(2, first.path("messages").size());

        JsonNode retry = requests.get(1);
        assertEquals(format, retry.path("response_format"));
        assertEquals(4, retry.path("messages").size(), retry.toString());
        assertEquals(first.path("messages").get(0), retry.path("messages").get(0));
        assertEquals(first.path("messages").get(1), retry.path("messages").get(1));
        assertEquals("assistant", retry.path("messages").get(2).path("role").asText());
        assertEquals(cutOff, retry.path("messages").get(2).path("content").asText());
        assertEquals("user", retry.path("messages").get(3).path("role").asText());
        String correction = retry.path("messages").get(3).path("content").asText();
        assertTrue(correction.contains("not valid JSON"), correction);
    }

    @Test
    void ratingsAndSummariesAreAskedForAgainWhenTheyDoNotFit() {
        String about = "plan a trip to Japan in April";
        SCRIPTS.add(new Script(EXTRACT, about,
                "{\"facts\":[{\"fact\":\"Marco is planning a trip to Japan in April\",\"relation\":\"PLANS_TRIP_TO\","
                        + "\"source\":\"Marco\",\"target\":\"Japan\",\"message\":0,\"single_valued\":false},"
                        + "{\"fact\":\"Marco is vegetarian\",\"relation\":\"HAS_DIET\",\"source\":\"Marco\",\"target\":\"vegetarian\","
                        + "\"message\":2,\"single_valued\":true},"
                        + "{\"fact\":\"Marco is afraid of flying\",\"relation\":\"AFRAID_OF\",\"source\":\"Marco\",\"target\":\"flying\","
                        + "\"message\":4,\"single_valued\":false}]}",
                "unused"));
        // Rated by the fact texts, which the rating prompt lists.
        String twoOfThree = "{\"ratings\":[{\"fact\":0,\"rating\":0.9},{\"fact\":1,\"rating\":0.7}]}";
        SCRIPTS.add(new Script(RATE, "Marco is afraid of flying", twoOfThree,
                "{\"ratings\":[{\"fact\":0,\"rating\":0.9},{\"fact\":1,\"rating\":0.7},{\"fact\":2,\"rating\":0.8}]}"));
        String otherKey = "{\"updated_summary\":\"Marco asked the assistant to help him plan a trip to Japan in April,"
                + " and the assistant asked which dates and cities he had in mind.\"}";
        String summary = "Marco asked the assistant to help him plan a trip to Japan in April, and the assistant asked"
                + " which dates and cities he had in mind.";
        SCRIPTS.add(new Script(SUMMARIZE, about, otherKey, "{\"summary\":\"" + summary + "\"}"));

        String sessionId = conversation("Marco", Map.of("instruction", "Rate facts by how useful they are to a travel agent",
                "examples", Map.of("high", "Marco prefers window seats", "low", "Marco had pasta for lunch")), List.of(
                turn("Marco", "user", "Can you help me " + about + "?", "2024-02-10T18:00:00Z"),
                turn("assistant", "assistant", "Of course! Do you have any dates or cities in mind?", "2024-02-10T18:00:05Z"),
                turn("Marco", "user", "Tokyo and Kyoto, about ten days. I'm vegetarian, so food matters a lot to me.",
                        "2024-02-10T18:01:00Z"),
                turn("assistant", "assistant", "Got it, I'll look for vegetarian-friendly places.", "2024-02-10T18:01:05Z"),
                turn("Marco", "user", "Also, I'm afraid of flying, so as few connections as possible please.",
                        "2024-02-10T18:02:00Z")));
        awaitProcessed(sessionId);

        List<Map<String, Object>> facts = facts(sessionId);
        assertEquals(List.of("Marco is planning a trip to Japan in April", "Marco is vegetarian", "Marco is afraid of flying"),
                facts.stream().map(f -> f.get("content")).toList());
        double[] expected = {0.9, 0.7, 0.8}; // the retry's ratings (stored as floats)
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], ((Number) facts.get(i).get("rating")).doubleValue(), 1e-6, facts.toString());
        }
        List<JsonNode> ratings = requests(RATE, "Marco is afraid of flying");
        assertEquals(2, ratings.size(), ratings.toString());
        assertEquals("ratings", ratings.get(0).path("response_format").path("json_schema").path("name").asText());
        assertEquals(twoOfThree, ratings.get(1).path("messages").get(2).path("content").asText());
        String correction = ratings.get(1).path("messages").get(3).path("content").asText();
        assertTrue(correction.contains("there are 3 facts and fact(s) [2] have no rating"), correction);

        assertEquals(summary, awaitSummary(sessionId));
        List<JsonNode> summaries = requests(SUMMARIZE, about);
        assertEquals(2, summaries.size(), summaries.toString());
        assertEquals("summary", summaries.get(0).path("response_format").path("json_schema").path("name").asText());
        String summaryCorrection = summaries.get(1).path("messages").get(3).path("content").asText();
        assertTrue(summaryCorrection.contains("summary must be a non-empty string (it is missing)"), summaryCorrection);
    }

    @Test
    void twoBadFactAnswersStoreNothingAndTheJobIsParkedWithTheAnswer() {
        String about = "beagle puppy called Biscuit";
        // Counting the messages from 1, then leaving the statement out.
        SCRIPTS.add(new Script(EXTRACT, about,
                "{\"facts\":[{\"fact\":\"Tomás adopted a beagle puppy named Biscuit\",\"relation\":\"HAS_PET\",\"source\":\"Tomás\","
                        + "\"target\":\"Biscuit\",\"message\":1,\"single_valued\":false},{\"fact\":\"Biscuit chews Tomás's shoes\","
                        + "\"relation\":\"CHEWS\",\"source\":\"Biscuit\",\"target\":\"shoes\",\"message\":3,\"single_valued\":false}]}",
                "{\"facts\":[{\"relation\":\"HAS_PET\",\"source\":\"Tomás\",\"target\":\"Biscuit\",\"message\":0,"
                        + "\"single_valued\":false}]}"));
        String sessionId = conversation("Tomás", null, List.of(
                turn("Tomás", "user", "We finally adopted a " + about + " last weekend!", "2024-04-02T10:00:00Z"),
                turn("assistant", "assistant", "How lovely! How is Biscuit settling in?", "2024-04-02T10:00:10Z"),
                turn("Tomás", "user", "He has already chewed through two of my shoes.", "2024-04-02T10:01:00Z")));

        JobEntity parked = awaitParked(sessionId, IngestJob.KIND);
        int attempts = config.jobs().maxAttempts();
        assertEquals(attempts, parked.attempts);
        assertTrue(parked.lastError.startsWith("LlmException: the LLM answered an invalid facts twice"), parked.lastError);
        assertTrue(parked.lastError.contains("facts[1].message is 3, not the index of one of the 3 new messages (0 to 2)"),
                parked.lastError);
        assertTrue(parked.lastError.contains("facts[0].fact must be a non-empty string (it is missing)"), parked.lastError);
        assertTrue(parked.lastError.contains("its answer: {\"facts\":[{\"relation\":\"HAS_PET\""), parked.lastError);
        assertEquals(2 * attempts, requests(EXTRACT, about).size(), "one try and one retry per attempt");

        assertEquals(List.of(), facts(sessionId));
        List<Boolean> processed = api().get("/api/v2/sessions/{id}/messages", sessionId).then().statusCode(200)
                .extract().jsonPath().getList("messages.processed", Boolean.class);
        assertEquals(List.of(false, false, false), processed, "the failed job's work was rolled back");
    }

    @Test
    void twoBadRatingsStoreNoneOfTheExtractedFacts() {
        String about = "software engineer at Spotify in Stockholm";
        SCRIPTS.add(new Script(EXTRACT, about,
                "{\"facts\":[{\"fact\":\"Lena works as a software engineer at Spotify\",\"relation\":\"WORKS_AT\",\"source\":\"Lena\","
                        + "\"target\":\"Spotify\",\"message\":0,\"single_valued\":true},{\"fact\":\"Lena lives in Stockholm\","
                        + "\"relation\":\"LIVES_IN\",\"source\":\"Lena\",\"target\":\"Stockholm\",\"message\":0,\"single_valued\":true}]}",
                "unused"));
        // Rating out of 10, then rating one fact twice.
        SCRIPTS.add(new Script(RATE, "Lena works as a software engineer at Spotify",
                "{\"ratings\":[{\"fact\":0,\"rating\":8},{\"fact\":1,\"rating\":6}]}",
                "{\"ratings\":[{\"fact\":0,\"rating\":0.8},{\"fact\":0,\"rating\":0.6}]}"));
        String sessionId = conversation("Lena", Map.of("instruction", "Rate facts by how much they tell about the user's career"),
                List.of(turn("Lena", "user", "I'm a " + about + ".", "2024-05-20T08:00:00Z")));

        JobEntity parked = awaitParked(sessionId, IngestJob.KIND);
        assertTrue(parked.lastError.contains("the LLM answered an invalid ratings twice (first: ratings[0].rating is 8, outside 0.0 to 1.0;"
                + " then: fact 0 is rated twice)"), parked.lastError);
        assertTrue(parked.lastError.contains("its answer: {\"ratings\":[{\"fact\":0,\"rating\":0.8},{\"fact\":0,\"rating\":0.6}]}"),
                parked.lastError);
        assertEquals(List.of(), facts(sessionId), "facts extracted in a job whose rating failed are not kept");
    }

    @Test
    void twoBadSummariesStoreNoSummaryAndTheJobIsParkedWithTheAnswer() {
        String about = "rearrange my dentist appointment";
        String prose = "Sure! Here is the updated summary: Noor asked the assistant to rearrange her dentist appointment.";
        SCRIPTS.add(new Script(SUMMARIZE, about, prose,
                "{\"summary\":[\"Noor asked the assistant to rearrange her dentist appointment.\"]}"));
        String sessionId = conversation("Noor", null, List.of(
                turn("Noor", "user", "Could you " + about + " to next week?", "2024-06-03T12:00:00Z"),
                turn("assistant", "assistant", "Sure, which day works best for you?", "2024-06-03T12:00:05Z"),
                turn("Noor", "user", "Tuesday or Wednesday afternoon.", "2024-06-03T12:01:00Z"),
                turn("assistant", "assistant", "Wednesday at 3 pm is free. Shall I book it?", "2024-06-03T12:01:05Z"),
                turn("Noor", "user", "Yes please.", "2024-06-03T12:02:00Z")));
        awaitProcessed(sessionId);

        JobEntity parked = awaitParked(sessionId, SummarizeJob.KIND);
        assertTrue(parked.lastError.contains("first: it is not valid JSON"), parked.lastError);
        assertTrue(parked.lastError.contains("then: summary must be a non-empty string (it is [\"Noor asked"), parked.lastError);
        assertTrue(parked.lastError.endsWith("its answer: {\"summary\":[\"Noor asked the assistant to rearrange her dentist appointment.\"]}"),
                parked.lastError);
        assertEquals(List.of(), api().get("/api/v2/sessions/{id}/summary", sessionId).then().statusCode(200)
                .extract().jsonPath().getList("summaries"));
    }

    // --- helpers ---------------------------------------------------------------------------

    private static Map<String, Object> turn(String role, String roleType, String content, String createdAt) {
        return Map.of("role", role, "role_type", roleType, "content", content, "created_at", createdAt);
    }

    /** A new user (with a rating instruction when given) and session holding the messages. */
    private static String conversation(String firstName, Map<String, Object> ratingInstruction, List<Map<String, Object>> turns) {
        String userId = unique("user");
        Map<String, Object> user = map("user_id", userId, "first_name", firstName);
        if (ratingInstruction != null) {
            user.put("fact_rating_instruction", ratingInstruction);
        }
        api().body(user).post("/api/v2/users").then().statusCode(201);
        String sessionId = createSession(userId);
        addMessages(sessionId, turns);
        return sessionId;
    }

    private static List<Map<String, Object>> facts(String sessionId) {
        return api().get("/api/v2/sessions/{id}/facts", sessionId).then().statusCode(200).extract().jsonPath().getList("facts");
    }

    /** The chat requests of a kind about a conversation, in the order they were made. */
    private static List<JsonNode> requests(String kind, String about) {
        return FakeOpenAi.get().requests().stream()
                .filter(r -> FakeOpenAi.system(r).contains(kind) && FakeOpenAi.user(r).contains(about)).toList();
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    /** The session's job of this kind once it is parked (failing jobs are retried first). */
    private static JobEntity awaitParked(String sessionId, String kind) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            List<JobEntity> jobs = QuarkusTransaction.requiringNew().call(() -> {
                SessionEntity session = SessionEntity.findBySessionId(sessionId).orElseThrow();
                return JobEntity.<JobEntity>list("sessionPk = ?1 and kind = ?2", session.id, kind);
            });
            if (jobs.size() == 1 && JobEntity.PARKED.equals(jobs.get(0).status)) {
                return jobs.get(0);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no parked " + kind + " job for " + sessionId + ": "
                        + jobs.stream().map(j -> j.status + " " + j.attempts + " " + j.lastError).toList());
            }
            sleep();
        }
    }

    private static String awaitSummary(String sessionId) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            List<String> contents = api().get("/api/v2/sessions/{id}/summary", sessionId).then().statusCode(200)
                    .extract().jsonPath().getList("summaries.content");
            if (!contents.isEmpty() || System.currentTimeMillis() > deadline) {
                assertEquals(1, contents.size(), "one summary");
                return contents.get(0);
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
