package dev.engram.fact;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.message.Turn;
import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Guards the precision of the local fact extractor without any public data set: the
 * conversations of {@code eval/facts-labelled.json} (written for Engram) go through the
 * extractor turn by turn, as the ingest job sends them, and every learnt fact must carry a hand
 * label. Precision over the labelled facts must stay at 0.9 or above, and the facts listed as
 * expected must still be learnt. A fact without a label fails the test: read it, label it in the
 * file, and commit the label with the change that made it.
 */
class FactPrecisionTest {

    private static final double MIN_PRECISION = 0.9;
    private static final OffsetDateTime START = OffsetDateTime.of(2025, 4, 2, 18, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void learntFactsAreLabelledAndMostlyCorrect() throws IOException {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/eval/facts-labelled.json")) {
            root = new ObjectMapper().readTree(in);
        }
        JsonNode labels = root.path("labels");
        LocalFactExtractor extractor = new LocalFactExtractor();
        List<String> unlabelled = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        int correct = 0;
        for (JsonNode conversation : root.path("conversations")) {
            Set<String> learnt = new LinkedHashSet<>();
            List<Turn> earlier = new ArrayList<>();
            int i = 0;
            for (JsonNode said : conversation.path("turns")) {
                String speaker = said.get(0).asText();
                boolean user = speaker.equals(conversation.path("user").asText());
                Turn turn = new Turn(UUID.randomUUID(), speaker, user ? "user" : "assistant", said.get(1).asText(),
                        START.plusMinutes(i++));
                extractor.extract(new FactExtractor.Conversation(conversation.path("user").asText(), List.copyOf(earlier),
                        List.of(turn))).forEach(f -> learnt.add(f.fact()));
                earlier.add(turn);
            }
            for (String fact : learnt) {
                String label = labels.path(fact).asText("");
                switch (label) {
                    case "correct" -> correct++;
                    case "wrong" -> wrong.add(fact);
                    default -> unlabelled.add(fact);
                }
            }
            for (JsonNode expected : conversation.path("expected")) {
                if (!learnt.contains(expected.asText())) {
                    missing.add(conversation.path("id").asText() + ": " + expected.asText());
                }
            }
        }
        if (!unlabelled.isEmpty()) {
            fail("facts without a label in eval/facts-labelled.json (label each \"correct\" or \"wrong\"): " + unlabelled);
        }
        assertTrue(missing.isEmpty(), "expected facts no longer learnt: " + missing);
        double precision = (double) correct / (correct + wrong.size());
        assertTrue(precision >= MIN_PRECISION, String.format("precision %.2f < %.2f; wrong: %s", precision, MIN_PRECISION, wrong));
    }
}
