package dev.engram.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.embedding.LocalEmbedder;
import dev.engram.message.Turn;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local classifier on short conversations, without a server (the embedding model runs in-process). */
class LocalClassifierTest {

    private static final LocalClassifier CLASSIFIER = new LocalClassifier(new LocalEmbedder(LocalEmbedder.LocalModel.ALL_MINILM_L6_V2));
    private static final List<String> INTENTS = List.of("buying a product", "technical support", "billing question", "small talk");

    private static String classify(List<String> classes, String... turns) {
        List<Turn> conversation = new ArrayList<>();
        for (int i = 0; i < turns.length; i++) {
            conversation.add(new Turn(null, null, i % 2 == 0 ? "user" : "assistant", turns[i], OffsetDateTime.now()));
        }
        return CLASSIFIER.classify(conversation, classes, null);
    }

    @Test
    void aNeedAndAPriceRangeAreAPurchaseEvenAfterAChattyStart() {
        assertEquals("buying a product", classify(INTENTS,
                "Hi there! I just started running again.",
                "Nice! How can I help?",
                "I'm looking for new running shoes for trail races.",
                "Do you have a price range?",
                "Up to 150 dollars."));
    }

    @Test
    void somethingThatStoppedWorkingIsSupport() {
        assertEquals("technical support", classify(INTENTS,
                "My laptop won't turn on since the update.",
                "Did you try holding the power button?",
                "Yes, the fan spins and the screen stays black."));
    }

    @Test
    void anUnexpectedInvoiceIsBilling() {
        assertEquals("billing question", classify(INTENTS,
                "Why did you bill me for two months?",
                "Let me check your account.",
                "I cancelled in May and still got an invoice."));
    }

    @Test
    void greetingsAndAWeekendAreSmallTalk() {
        assertEquals("small talk", classify(INTENTS,
                "Hey, how's it going?",
                "Great, thanks! And you?",
                "Pretty good, I had a lovely weekend at the beach."));
    }

    @Test
    void classesUnlikeAnyKnownIntentAreJudgedAsBefore() {
        assertEquals("travel", classify(List.of("food", "travel"),
                "I want to book a train to Porto for next weekend.", "Sure, trains leave Lisbon every hour."));
        assertEquals("technical problem", classify(List.of("cooking", "technical problem"),
                "By the way, your app crashes every time I open the settings screen.",
                "Sorry about that! Which version of the app are you using?"));
    }
}
