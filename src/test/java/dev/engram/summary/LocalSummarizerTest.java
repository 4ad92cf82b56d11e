package dev.engram.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.embedding.Embedder;
import dev.engram.embedding.LocalEmbedder;
import dev.engram.message.Turn;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LocalSummarizerTest {

    private static final LocalSummarizer SUMMARIZER =
            new LocalSummarizer(new LocalEmbedder(LocalEmbedder.LocalModel.BGE_SMALL_EN_V15));
    private static final OffsetDateTime MAY_8 = OffsetDateTime.of(2023, 5, 8, 13, 56, 0, 0, ZoneOffset.UTC);

    private static Turn turn(String role, String roleType, String content) {
        return turn(role, roleType, content, MAY_8);
    }

    private static Turn turn(String role, String roleType, String content, OffsetDateTime at) {
        return new Turn(UUID.randomUUID(), role, roleType, content, at);
    }

    @Test
    void keepsTheEventsOfATwoPersonConversationInTheThirdPersonAndDated() {
        // Invented for this test: two friends catching up (both roles are names).
        List<Turn> turns = List.of(
                turn("Nora", "user", "Hey Theo! Good to see you! How have you been?"),
                turn("Theo", "assistant", "Hi Nora! I'm swamped with the new job. What's new with you?"),
                turn("Nora", "user", "I ran my first half marathon in Leeds yesterday and I finished in two hours!"),
                turn("Theo", "assistant", "Wow, that's amazing, Nora! Congrats!"),
                turn("Nora", "user", "Thanks! My sister Ines trained with me for three months."),
                turn("Theo", "assistant", "That's so sweet. Last weekend we adopted a puppy called Miso."),
                turn("Nora", "user", "Aw, I love that! Send me a picture?"),
                turn("Theo", "assistant", "Just finished painting the kitchen too."),
                turn("Theo", "assistant", "Sure! Talk soon."));
        String summary = SUMMARIZER.summarize(null, turns, "Nora");
        assertTrue(summary.startsWith("On 8 May 2023, "), summary);
        assertTrue(summary.contains("Nora ran their first half marathon in Leeds yesterday"), summary);
        assertTrue(summary.contains("Nora's sister Ines trained with them for three months"), summary);
        assertTrue(summary.contains("Theo said last weekend they adopted a puppy called Miso"), summary);
        assertTrue(summary.contains("Theo is swamped with the new job"), summary);
        assertTrue(summary.contains("Theo just finished painting the kitchen too."), "the left-out 'I' is the speaker: " + summary);
        assertFalse(summary.matches("(?s).*\\b(?:I|my|me|I'm)\\b.*"), "no first person left: " + summary);
        assertFalse(summary.contains("Good to see"), "greetings go: " + summary);
        assertFalse(summary.contains("amazing"), "reactions go: " + summary);
        assertFalse(summary.contains("?"), "questions go: " + summary);
    }

    /** Counts the texts it is asked to embed. */
    private static final class CountingEmbedder implements Embedder {
        final LocalEmbedder model = new LocalEmbedder(LocalEmbedder.LocalModel.BGE_SMALL_EN_V15);
        int texts;

        @Override
        public String model() {
            return model.model();
        }

        @Override
        public float[] embed(String text) {
            texts++;
            return model.embed(text);
        }

        @Override
        public List<float[]> embedAll(List<String> all) {
            texts += all.size();
            return model.embedAll(all);
        }
    }

    @Test
    void theNextSummaryReusesThePreviousOnesVectorsAndReadsTheSame() {
        List<Turn> first = List.of(
                turn("Ada", "user", "I moved to Lisbon last month and I work as a nurse at Santa Maria."),
                turn("assistant", "assistant", "Lisbon is lovely. The hospital is close to the metro."),
                turn("Ada", "user", "My sister Ines visited me last weekend and we went to Sintra."));
        List<Turn> second = List.of(
                turn("Ada", "user", "I adopted a cat called Pixel yesterday."),
                turn("assistant", "assistant", "Pixel is a great name. Cats love sunny windows."),
                turn("Ada", "user", "I am also learning Portuguese in the evenings."));
        CountingEmbedder counted = new CountingEmbedder();
        LocalSummarizer keeping = new LocalSummarizer(counted);
        String previous = keeping.summarize(null, first, "Ada");
        int sentencesBefore = counted.texts;
        String next = keeping.summarize(previous, second, "Ada");
        CountingEmbedder fresh = new CountingEmbedder();
        assertEquals(new LocalSummarizer(fresh).summarize(previous, second, "Ada"), next,
                "a summarizer that embeds every sentence anew writes the same summary");
        assertTrue(counted.texts - sentencesBefore < fresh.texts,
                "the previous summary's sentences were not embedded again: " + (counted.texts - sentencesBefore)
                        + " texts embedded against " + fresh.texts);
    }

    @Test
    void anAssistantIsTheAssistantAndRequestsAreReported() {
        String summary = SUMMARIZER.summarize(null, List.of(
                turn("system", "system", "You are a travel assistant."),
                turn("Ada", "user", "Hi! I moved to Lisbon last month and I work as a nurse."),
                turn("assistant", "assistant", "Welcome to Lisbon, Ada! How can I help?"),
                turn("Ada", "user", "Find me a weekend trip by train."),
                turn("rail_api", "tool", "Porto: 3h, Sintra: 40min"),
                turn("assistant", "assistant", "Porto (3h) or Sintra (40 min) are both great. Take the early train."),
                turn("Ada", "user", "Compare their museums for me.")), "Ada");
        assertEquals("On 8 May 2023, Ada moved to Lisbon last month and they work as a nurse. "
                + "Ada asked the assistant to find them a weekend trip by train. "
                + "The assistant said Porto (3h) or Sintra (40 min) are both great. "
                + "The assistant advised Ada to take the early train. "
                + "Ada asked the assistant to compare their museums for them.", summary);
    }

    @Test
    void requestsThatDifferInANumberAreNoRepetition() {
        List<Turn> turns = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            turns.add(turn("Ada", "user", "Tell me about museum number " + i + " in Lisbon."));
            turns.add(turn("assistant", "assistant", "Museum " + i + " shows tiles from the " + (i + 14) + "th century."));
        }
        String summary = SUMMARIZER.summarize(null, turns.subList(0, 7), "Ada");
        assertTrue(summary.startsWith("On 8 May 2023, Ada asked the assistant to tell them about museum number 1 in Lisbon."),
                summary);
        assertTrue(summary.contains("museum number 4") && summary.contains("Museum 3 shows tiles"), summary);
    }

    @Test
    void buildsOnThePreviousSummary() {
        String first = SUMMARIZER.summarize(null, List.of(turn("Ada", "user", "I moved to Lisbon last month.")), "Ada");
        assertEquals("On 8 May 2023, Ada moved to Lisbon last month.", first);
        String second = SUMMARIZER.summarize(first, List.of(turn("", "user", "Can you book Sintra for Saturday?",
                MAY_8.plusDays(1))), "Ada");
        assertEquals(first + " On 9 May 2023, Ada asked the assistant to book Sintra for Saturday.", second);
        String third = SUMMARIZER.summarize(second, List.of(turn("Ada", "user", "Nothing much.", MAY_8.plusDays(2))), "Ada");
        assertEquals(second, third, "nothing of note: the summary stays as it was");
    }

    @Test
    void staysBoundedAndDropsTheLeastCentralSentences() {
        String summary = null;
        for (int i = 0; i < 40; i++) {
            List<Turn> turns = new ArrayList<>();
            turns.add(turn("Ada", "user", "I visited Museum " + i + " in Lisbon with my friend Marta on day " + i + ".",
                    MAY_8.plusDays(i)));
            turns.add(turn("assistant", "assistant", "That sounds nice.", MAY_8.plusDays(i)));
            if (i == 20) {
                turns.add(turn("Ada", "user", "My neighbour's parrot sings opera at midnight.", MAY_8.plusDays(i)));
            }
            String next = SUMMARIZER.summarize(summary, turns, "Ada");
            assertTrue(next.length() <= LocalSummarizer.MAX_CHARS, next.length() + ": " + next);
            summary = next;
        }
        assertTrue(summary.length() > LocalSummarizer.MAX_CHARS / 2, summary);
        assertFalse(summary.contains("parrot"), "the aside is the least central: " + summary);
        assertTrue(summary.contains("Ada visited Museum"), summary);
        assertFalse(summary.contains("sounds nice"), summary);
    }

    @Test
    void datesAndSentencesSurviveAFold() {
        String summary = "On 8 May 2023, Ada moved to Lisbon. Ada works as a nurse. On 9 May 2023, the assistant booked Sintra.";
        assertEquals(summary, LocalSummarizer.render(LocalSummarizer.parse(summary)));
        assertEquals(3, LocalSummarizer.parse(summary).size());
        assertEquals("The assistant booked Sintra.", LocalSummarizer.parse(summary).get(2).text());
    }
}
