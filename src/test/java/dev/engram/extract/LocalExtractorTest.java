package dev.engram.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.embedding.LocalEmbedder;
import dev.engram.message.Turn;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local extractor on short conversations, without a server (the embedding model runs in-process). */
class LocalExtractorTest {

    private static final LocalEmbedder EMBEDDER = new LocalEmbedder(LocalEmbedder.LocalModel.ALL_MINILM_L6_V2);
    private static final OffsetDateTime NOW = OffsetDateTime.parse("2024-03-06T10:00:00Z");

    private static Map<String, String> extract(ExtractionField field, String... turns) {
        List<Turn> conversation = new ArrayList<>();
        for (int i = 0; i < turns.length; i++) {
            conversation.add(new Turn(null, null, i % 2 == 0 ? "user" : "assistant", turns[i], NOW));
        }
        return new LocalExtractor(EMBEDDER).extract(conversation, List.of(field), NOW);
    }

    private static ExtractionField field(ZepType type, String description) {
        return new ExtractionField("f", type, description, null);
    }

    @Test
    void digitsInsideACodeAreNoNumber() {
        assertFalse(FieldValues.NUMBER.matcher("order ORD-5521").find());
        assertFalse(FieldValues.NUMBER.matcher("ticket A/778").find());
        assertTrue(FieldValues.NUMBER.matcher("it costs -5 or 12.5").find());
    }

    @Test
    void aMoneyFieldPrefersTheNumberWrittenWithACurrency() {
        assertEquals(Map.of("f", "18.75"), extract(field(ZepType.ZepFloat, "the price of the ticket"),
                "Order ORD-5521 for 2 tickets, 18.75 dollars each, delivered in 3 days."));
        assertEquals(Map.of("f", "120"), extract(field(ZepType.ZepNumber, "the total cost"),
                "We were 4 people and the dinner was $120 in the end."));
        assertEquals(Map.of("f", "2100"), extract(field(ZepType.ZepNumber, "the user's yearly salary bonus"),
                "Every year I get 2100 euros extra in December."));
        assertTrue(LocalExtractor.hasCurrency("paid €45 today", 6, 8));
        assertFalse(LocalExtractor.hasCurrency("room 45 today", 5, 7));
    }

    @Test
    void findsTheCityOfAHomeTheUserRentsOrOwns() {
        assertEquals(Map.of("f", "Bristol"), extract(field(ZepType.ZepText, "the city where the user has an apartment"),
                "We rent a small apartment in Bristol with two friends."));
        assertEquals(Map.of("f", "Ghent"), extract(field(ZepType.ZepText, "the city the user lives in"),
                "My flat in Ghent is tiny but cosy."));
    }

    @Test
    void findsTheNameRightAfterARelativeOrAPet() {
        assertEquals(Map.of("f", "Omar"), extract(field(ZepType.ZepText, "the name of the user's husband"),
                "My husband Omar is a pilot, so he travels a lot."));
        assertEquals(Map.of("f", "Biscuit"), extract(field(ZepType.ZepText, "the user's cat"),
                "Our cat, Biscuit, sleeps all day."));
        assertEquals(Map.of(), extract(field(ZepType.ZepText, "the name of the user's daughter"),
                "My husband Omar is a pilot."));
    }

    @Test
    void findsTheModelOfSomethingTheUserHas() {
        assertEquals(Map.of("f", "Galaxy S21"), extract(field(ZepType.ZepText, "the model of the user's phone"),
                "My screen cracked yesterday.", "Oh no, which phone is it?", "I have a Galaxy S21."));
        assertEquals(Map.of("f", "ThinkPad X1"), extract(field(ZepType.ZepText, "the brand and model of the laptop"),
                "My laptop is a ThinkPad X1 and the battery dies fast."));
        assertEquals(Map.of(), extract(field(ZepType.ZepText, "the model of the user's car"),
                "I have a question about my insurance."));
    }
}
