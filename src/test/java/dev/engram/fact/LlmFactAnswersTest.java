package dev.engram.fact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.JsonAnswer;
import dev.engram.message.Turn;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the LLM fact extractor and rater accept from a parsed answer: everything the code relies
 * on is checked (required fields, types, indexes in range), and any unusable part rejects the
 * whole answer with a message that says which part, for the retry and the job's error.
 */
class LlmFactAnswersTest {

    private static final Turn MOVED = new Turn(UUID.randomUUID(), "Ada", "user", "I moved to Lisbon in May.",
            OffsetDateTime.parse("2024-05-05T05:05:05Z"));
    private static final Turn REPLY = new Turn(UUID.randomUUID(), "assistant", "assistant", "Lisbon is lovely in spring.",
            OffsetDateTime.parse("2024-05-05T05:06:00Z"));
    private static final List<Turn> TURNS = List.of(MOVED, REPLY);

    private static JsonNode json(String text) {
        return JsonAnswer.schema(text); // any JSON text
    }

    private static String factsRejected(String answer) {
        return assertThrows(JsonAnswer.Invalid.class, () -> LlmFactExtractor.read(json(answer), TURNS)).getMessage();
    }

    private static String ratingsRejected(String answer, int count) {
        return assertThrows(JsonAnswer.Invalid.class, () -> LlmFactRater.read(json(answer), count)).getMessage();
    }

    @Test
    void aValidFactAnswerBecomesFactsOfTheMessagesItNames() {
        List<ExtractedFact> facts = LlmFactExtractor.read(json("""
                {"facts": [{"fact": "Ada lives in Lisbon", "relation": "lives in", "source": "Ada", "target": "Lisbon",
                            "message": 0, "single_valued": true},
                           {"fact": "Ada moved in May", "relation": "MOVED_IN", "source": "Ada", "target": null,
                            "message": 0, "single_valued": false}]}"""), TURNS);
        assertEquals(List.of(
                new ExtractedFact("Ada lives in Lisbon", "LIVES_IN", "Ada", "Lisbon", true, MOVED.uuid(), MOVED.createdAt()),
                new ExtractedFact("Ada moved in May", "MOVED_IN", "Ada", null, false, MOVED.uuid(), MOVED.createdAt())), facts);
        assertEquals(List.of(), LlmFactExtractor.read(json("{\"facts\": []}"), TURNS));
    }

    @Test
    void aFactAnswerIsRejectedWhenAFactCannotBeUsed() {
        assertEquals("facts[0].message is 2, not the index of one of the 2 new messages (0 to 1)", factsRejected("""
                {"facts": [{"fact": "Ada lives in Lisbon", "relation": "LIVES_IN", "source": "Ada", "target": "Lisbon",
                            "message": 2, "single_valued": true}]}"""));
        assertEquals("facts[0].message is -1, not the index of one of the 2 new messages (0 to 1)", factsRejected("""
                {"facts": [{"fact": "Ada lives in Lisbon", "relation": "LIVES_IN", "message": -1}]}"""));
        assertEquals("facts[0].message must be an integer (it is \"first\")", factsRejected("""
                {"facts": [{"fact": "Ada lives in Lisbon", "relation": "LIVES_IN", "message": "first"}]}"""));
        assertEquals("facts[0].message must be an integer (it is missing)", factsRejected("""
                {"facts": [{"fact": "Ada lives in Lisbon", "relation": "LIVES_IN", "source": "Ada", "target": "Lisbon",
                            "single_valued": true}]}"""));
        assertEquals("facts[1].fact must be a non-empty string (it is missing)", factsRejected("""
                {"facts": [{"fact": "Ada lives in Lisbon", "relation": "LIVES_IN", "message": 0},
                           {"relation": "LIKES", "source": "Ada", "target": "spring", "message": 1}]}"""));
        assertEquals("facts[0].fact must be a non-empty string (it is \" \")", factsRejected("""
                {"facts": [{"fact": " ", "relation": "LIVES_IN", "message": 0}]}"""));
        assertEquals("facts[0].relation must be a non-empty string (it is missing)", factsRejected("""
                {"facts": [{"fact": "Ada lives in Lisbon", "message": 0}]}"""));
        assertEquals("facts[0].relation must be a relation name such as LIVES_IN", factsRejected("""
                {"facts": [{"fact": "Ada lives in Lisbon", "relation": "--", "message": 0}]}"""));
        assertEquals("facts[0].target must be a string or null (it is [\"Lisbon\"])", factsRejected("""
                {"facts": [{"fact": "Ada lives in Lisbon", "relation": "LIVES_IN", "target": ["Lisbon"], "message": 0}]}"""));
        assertEquals("facts[0].single_valued must be true or false (it is \"yes\")", factsRejected("""
                {"facts": [{"fact": "Ada lives in Lisbon", "relation": "LIVES_IN", "message": 0, "single_valued": "yes"}]}"""));
        assertEquals("facts[0] must be an object (it is \"Ada lives in Lisbon\")", factsRejected("""
                {"facts": ["Ada lives in Lisbon"]}"""));
        assertEquals("facts must be an array (it is missing)", factsRejected("""
                {"fact": "Ada lives in Lisbon", "relation": "LIVES_IN", "message": 0}"""));
    }

    @Test
    void ratingsAreReadByTheFactTheyName() {
        assertEquals(List.of(0.25, 1.0, 0.0), LlmFactRater.read(json("""
                {"ratings": [{"fact": 1, "rating": 1}, {"fact": 0, "rating": 0.25}, {"fact": 2, "rating": 0.0}]}"""), 3));
    }

    @Test
    void ratingsAreRejectedUnlessEveryFactHasOneInRange() {
        assertEquals("there are 3 facts and fact(s) [1, 2] have no rating",
                ratingsRejected("{\"ratings\": [{\"fact\": 0, \"rating\": 0.5}]}", 3));
        assertEquals("fact 0 is rated twice",
                ratingsRejected("{\"ratings\": [{\"fact\": 0, \"rating\": 0.5}, {\"fact\": 0, \"rating\": 0.7}]}", 2));
        assertEquals("ratings[1].fact is 2, not the index of one of the 2 facts (0 to 1)",
                ratingsRejected("{\"ratings\": [{\"fact\": 0, \"rating\": 0.5}, {\"fact\": 2, \"rating\": 0.7}]}", 2));
        assertEquals("ratings[0].rating is 7, outside 0.0 to 1.0",
                ratingsRejected("{\"ratings\": [{\"fact\": 0, \"rating\": 7}]}", 1));
        assertEquals("ratings[0].rating must be a number (it is \"high\")",
                ratingsRejected("{\"ratings\": [{\"fact\": 0, \"rating\": \"high\"}]}", 1));
        assertEquals("ratings[0] must be an object (it is 0.5)", ratingsRejected("{\"ratings\": [0.5]}", 1));
    }
}
