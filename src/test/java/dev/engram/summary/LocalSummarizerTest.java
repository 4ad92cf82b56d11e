package dev.engram.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.message.Turn;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LocalSummarizerTest {

    private final LocalSummarizer summarizer = new LocalSummarizer();

    private static Turn turn(String role, String roleType, String content) {
        return new Turn(UUID.randomUUID(), role, roleType, content, OffsetDateTime.now());
    }

    @Test
    void reportsWhatWasSaidInTheThirdPerson() {
        String summary = summarizer.summarize(null, List.of(
                turn("system", "system", "You are a travel assistant."),
                turn("Ada", "user", "Hi! I moved to Lisbon last month and I work as a nurse."),
                turn("assistant", "assistant", "Welcome to Lisbon, Ada! How can I help?"),
                turn("Ada", "user", "Find me a weekend trip by train."),
                turn("rail_api", "tool", "Porto: 3h, Sintra: 40min"),
                turn("assistant", "assistant", "Porto (3h) or Sintra (40 min) are both great.")), "Ada");
        assertEquals("Ada said they moved to Lisbon last month and they work as a nurse. "
                + "Ada asked the assistant to find them a weekend trip by train. "
                + "The assistant said Porto (3h) or Sintra (40 min) are both great.", summary);
    }

    @Test
    void buildsOnThePreviousSummary() {
        String first = summarizer.summarize(null, List.of(turn("Ada", "user", "I moved to Lisbon last month.")), "Ada");
        String second = summarizer.summarize(first, List.of(turn("", "user", "Can you book Sintra for Saturday?")), "Ada");
        assertEquals("Ada said they moved to Lisbon last month. Ada asked the assistant to book Sintra for Saturday.", second);
    }

    @Test
    void staysBoundedAndKeepsTheInformativeSentences() {
        String summary = null;
        for (int i = 0; i < 40; i++) {
            List<Turn> turns = new ArrayList<>();
            turns.add(turn("Ada", "user", "I visited Museum " + i + " in Lisbon with my friend Marta on day " + i + "."));
            turns.add(turn("assistant", "assistant", "That sounds nice."));
            summary = summarizer.summarize(summary, turns, "Ada");
        }
        assertTrue(summary.length() <= LocalSummarizer.MAX_CHARS, summary.length() + ": " + summary);
        assertTrue(summary.contains("Ada said they visited Museum 39 in Lisbon with their friend Marta on day 39."), summary);
    }
}
