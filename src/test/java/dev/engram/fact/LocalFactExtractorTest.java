package dev.engram.fact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.message.Turn;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The local extractor on realistic sentences: what it learns, and what it must not. */
class LocalFactExtractorTest {

    private static final OffsetDateTime AT = OffsetDateTime.of(2024, 5, 1, 10, 0, 0, 0, ZoneOffset.UTC);
    private final LocalFactExtractor extractor = new LocalFactExtractor();

    private List<ExtractedFact> extract(String role, String roleType, String content, String userName) {
        Turn turn = new Turn(UUID.randomUUID(), role, roleType, content, AT);
        return extractor.extract(new FactExtractor.Conversation(userName, List.of(), List.of(turn)));
    }

    private List<String> texts(String content) {
        return extract("Ada", "user", content, null).stream().map(ExtractedFact::fact).toList();
    }

    @Test
    void learnsWhereTheSpeakerLivesWithNodesAndTime() {
        List<ExtractedFact> facts = extract("Ada", "user", "Hi, I am Ada. I moved to Lisbon last month.", null);
        assertEquals(1, facts.size(), facts.toString());
        ExtractedFact fact = facts.get(0);
        assertEquals("Ada lives in Lisbon", fact.fact());
        assertEquals("LIVES_IN", fact.name());
        assertEquals("Ada", fact.sourceNodeName());
        assertEquals("Lisbon", fact.targetNodeName());
        assertEquals(AT, fact.validAt());
        assertEquals(true, fact.singleValued());
    }

    @Test
    void learnsSeveralFactsFromOneMessage() {
        assertEquals(List.of("Ada lives in New York", "Ada is a nurse", "Ada loves hiking in the mountains",
                        "Ada's favorite color is green", "Ada is allergic to peanuts"),
                texts("I'm a nurse and I live in New York. I really love hiking in the mountains! "
                        + "My favorite color is green. I'm allergic to peanuts."));
        assertEquals(List.of("Ada works at Acme Corp", "Ada has two cats", "Ada speaks Portuguese", "Ada is 34 years old"),
                texts("I work at Acme Corp. I have two cats. I speak Portuguese. I'm 34 years old."));
        assertEquals(List.of("Ada works as a software engineer", "Ada dislikes spicy food"),
                texts("I work as a software engineer, but I don't like spicy food."));
    }

    @Test
    void learnsNothingFromQuestionsRequestsIntentionsOrNegations() {
        assertEquals(List.of(), texts("Do I live in Lisbon?"));
        assertEquals(List.of(), texts("Find me a weekend trip by train."));
        assertEquals(List.of(), texts("Can you book a table? I would like to move to Porto."));
        assertEquals(List.of(), texts("I don't live in Lisbon anymore. I think so."));
        assertEquals(List.of(), texts("I like it. My question is simple."));
    }

    @Test
    void onlyUserMessagesTeachFactsAndTheSubjectFollowsTheRole() {
        assertEquals(List.of(), extract("assistant", "assistant", "I live in the cloud.", "Ada"));
        assertEquals("Ada lives in Porto", extract("user", "user", "I live in Porto.", "Ada").get(0).fact(),
                "a role that only repeats the role type is no name: the user's first name is used");
        assertEquals("The user lives in Porto", extract("", "user", "I live in Porto.", null).get(0).fact());
        assertEquals("Bob's favourite city is Paris", extract("Bob", "user", "My favourite city is Paris.", "Ada").get(0).fact());
    }
}
