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

    private List<String> conversation(String... userMessages) {
        List<Turn> turns = java.util.Arrays.stream(userMessages)
                .map(m -> new Turn(UUID.randomUUID(), "Ada", "user", m, AT)).toList();
        return extractor.extract(new FactExtractor.Conversation(null, List.of(), turns)).stream()
                .map(ExtractedFact::fact).toList();
    }

    @Test
    void splitsCompoundSentencesIntoClausesThatKeepTheSpeaker() {
        assertEquals(List.of("Ada works as a nurse", "Ada works at Saint Luke's clinic", "Ada needs a bike"),
                texts("I work as a nurse at Saint Luke's clinic and I need a bike for the ride to work."));
        assertEquals(List.of("Ada lives in Oslo", "Ada loves sailing"), texts("I live in Oslo and love sailing."));
        assertEquals(List.of("Ada works as a baker", "Ada dislikes mornings"), texts("I work as a baker but I hate mornings."));
        assertEquals(List.of("I work as a pilot", "I need a car", "my son Leo is ten"),
                LocalFactExtractor.clauses("I work as a pilot and need a car, my son Leo is ten"));
        assertEquals(List.of("I earn 3,400 euros a month"), LocalFactExtractor.clauses("I earn 3,400 euros a month"));
    }

    @Test
    void learnsLastingStatesButNotMoods() {
        assertEquals(List.of("Ada loves Korean food", "Ada is vegan"), texts("I'm vegan and I love Korean food."));
        assertEquals(List.of("Ada is retired"), texts("I am retired."));
        assertEquals(List.of(), texts("I'm sorry. I'm fine, thanks. I'm not sure. I'm looking for a gift. I'm tired."));
        assertEquals(List.of(), texts("Hi, I am Ada. I'm still settling in."));
    }

    @Test
    void learnsWhatTheSpeakerHasIncludingSymptomsListedTogether() {
        assertEquals(List.of("Ada has a headache", "Ada has a cough"),
                texts("I've had a headache and a cough for two days."));
        assertEquals(List.of("Ada has an old Volvo"), texts("I've got an old Volvo."));
        assertEquals(List.of(), texts("I have a question. I have a problem with my order."));
    }

    @Test
    void learnsGoalsButNotRequests() {
        assertEquals(List.of("Ada wants to learn Japanese"), texts("I want to learn Japanese before the trip next year."));
        assertEquals(List.of("Ada wants to buy a flat"), texts("I'm saving up to buy a flat within five years."));
        assertEquals(List.of(), texts("I want you to book a table. I want to book a flight. I want to know the price."));
        assertEquals(List.of(), texts("I want to open a ticket. I want to move my appointment. I want to start over."));
        assertEquals(List.of("Ada wants to move to Canada"), texts("I want to move to Canada someday."));
    }

    @Test
    void learnsIncomeAndTheCityOfARentedHome() {
        assertEquals(List.of("Ada earns 2500 euros a month", "Ada lives in Bristol"),
                texts("I earn 2500 euros a month and I rent a small flat in Bristol."));
        assertEquals(List.of("Ada earns $85,000 a year"), texts("I make $85,000 a year."));
        assertEquals(List.of(), texts("I make 5 pizzas a week."));
    }

    @Test
    void learnsNamedPeopleAndPetsAndWhatIsSaidOfThemLater() {
        assertEquals(List.of("Ada's husband is Tom", "Tom is a pilot"), texts("My husband Tom is a pilot, so he travels a lot."));
        assertEquals(List.of("Ada has a cat named Pixel", "Pixel is a maine coon"),
                conversation("I came home and fed my cat Pixel.", "Pixel is a maine coon."));
        assertEquals(List.of(), conversation("Paris is a big city."), "a name the user did not introduce is not a fact");
        assertEquals(List.of("Ada is visiting Rome", "Ada has a brother"), texts("I'm visiting Rome this weekend with my brother."));
        assertEquals(List.of("Ada is travelling to Kyoto"), texts("I'm travelling to Kyoto in May."));
        assertEquals(List.of(), texts("I'm going to cook dinner."));
    }

    @Test
    void learnsActivitiesEventsAndTroubleWithTheSpeakersThings() {
        assertEquals(List.of("Ada plays the cello"), texts("I play the cello on weekends."));
        assertEquals(List.of("Ada practises judo"), texts("I practise judo twice a week."));
        assertEquals(List.of("Ada was diagnosed with asthma"), texts("I was diagnosed with asthma last year."));
        assertEquals(List.of(), texts("I was wondering about the price. I was told to call you."));
        assertEquals(List.of("Ada's laptop keeps crashing"), texts("My laptop keeps crashing every time I open it."));
        assertEquals(List.of("Ada's phone stopped working"), texts("My phone stopped working yesterday."));
        assertEquals(List.of("Ada's old car broke down"), texts("My old car broke down last week."));
        assertEquals(List.of(), texts("My wife stopped by. My brother keeps asking. My day broke records."),
                "people are not broken things, and keeping on needs an activity");
    }

    @Test
    void keepsContactDetailsWhole() {
        assertEquals(List.of("Ada's email is ada.silva@mail-box.example.org"), texts("My email is ada.silva@mail-box.example.org."));
        assertEquals(List.of("Ada's phone number is +351 912 345 678"), texts("My phone number is +351 912 345 678."));
    }

    @Test
    void stillLearnsNothingFromHypotheticalsNegationsAndRequests() {
        assertEquals(List.of(), texts("If I had a dog, I would walk it every day."));
        assertEquals(List.of(), texts("I'm not vegetarian. I don't play the piano. I wasn't charged."));
        assertEquals(List.of(), texts("I need a hand with this. Please help me, I need a refund."));
        assertEquals(List.of(), texts("Maybe I need a new bike."));
    }
}
