package dev.engram.question;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.embedding.LocalEmbedder;
import dev.engram.message.Turn;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pronoun resolution of the local question synthesizer, without a server. */
class LocalQuestionSynthesizerTest {

    private static final LocalQuestionSynthesizer SYNTHESIZER = new LocalQuestionSynthesizer(new LocalEmbedder(LocalEmbedder.LocalModel.ALL_MINILM_L6_V2));

    private static String synthesize(String... turns) {
        List<Turn> conversation = new ArrayList<>();
        for (int i = 0; i < turns.length; i++) {
            conversation.add(new Turn(null, null, i % 2 == 0 ? "user" : "assistant", turns[i], OffsetDateTime.now()));
        }
        return SYNTHESIZER.synthesize(conversation);
    }

    @Test
    void itIsWhatTheUserAskedAboutEvenWhenAPlaceWasMentionedSince() {
        assertEquals("When was the Sagrada Familia finished?", synthesize(
                "What is the Sagrada Familia?",
                "The Sagrada Familia is a basilica in Barcelona designed by Antoni Gaudí.",
                "We are driving to Barcelona in June with the kids.",
                "Sounds great!",
                "When was it finished?"));
    }

    @Test
    void thereIsAPlaceEvenWhenAThingIsMoreSalient() {
        assertEquals("How long does it take to get to Salzburg by train?", synthesize(
                "Tell me about the Mozart Festival.",
                "The Mozart Festival is held every summer in Salzburg.",
                "How long does it take to get there by train?"));
    }

    @Test
    void aGreetingBeforeTheRequestIsNotPartOfTheQuestion() {
        assertEquals("Can you tell me about Paris?", synthesize("Hi! Tell me about Paris."));
        assertEquals("What is the best time to visit Lisbon?", synthesize(
                "I'm thinking about Lisbon.", "Lisbon is lovely in spring.", "Thanks! What is the best time to visit it?"));
    }

    @Test
    void recognisesWhatASentenceAsksAbout() {
        assertTrue(LocalQuestionSynthesizer.askedAbout("Tell me about the Golden Gate Bridge.", "the Golden Gate Bridge"));
        assertTrue(LocalQuestionSynthesizer.askedAbout("Who was Ada Lovelace?", "Ada Lovelace"));
        assertTrue(LocalQuestionSynthesizer.askedAbout("Explain the Treaty of Rome", "the Treaty of Rome"));
        assertFalse(LocalQuestionSynthesizer.askedAbout("I'm flying to Rome on Monday.", "Rome"));
    }
}
