package dev.engram.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.ApiTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The retrieval harness of {@code make eval-retrieval} on the small labelled set kept in the
 * repository ({@code eval/retrieval-set.json}: two invented conversations in the LoCoMo layout,
 * with many short replies that name the other person next to the informative turns that hold the
 * rare words). Every response is checked against the contract. It prints the figures of the API's
 * ranking and of the BM25 baseline; it asserts that the harness works, not (yet) how the ranking
 * compares with BM25.
 */
@QuarkusTest
class RetrievalSetTest extends ApiTestSupport {

    /** Questions of the set with an evidence turn, and the adversarial ones left out. */
    private static final int QUESTIONS = 29;
    private static final int ADVERSARIAL = 1;

    @Test
    void theHarnessRanksTheInRepositorySetThroughTheApi() throws IOException {
        List<Conversation> conversations;
        try (InputStream in = getClass().getResourceAsStream("/eval/retrieval-set.json")) {
            conversations = Conversation.read("retrieval-set", new ObjectMapper().readTree(in));
        }
        assertEquals(2, conversations.size());
        assertEquals(QUESTIONS, conversations.stream().mapToInt(c -> c.questions().size()).sum());
        assertEquals(ADVERSARIAL, conversations.stream().mapToInt(Conversation::adversarial).sum());

        int window = ConfigProvider.getConfig().getOptionalValue("engram.intelligence.summary-window", Integer.class)
                .orElse(12);
        RetrievalHarness harness = new RetrievalHarness(() -> api(), window, Duration.ofMillis(100));
        List<RetrievalHarness.Stored> stored = new ArrayList<>();
        for (Conversation c : conversations) {
            stored.add(harness.store(c, "eval"));
        }
        harness.awaitProcessing(stored, Duration.ofMinutes(3), Duration.ofSeconds(15));
        stored.forEach(harness::ask);
        System.out.println("\n" + RetrievalHarness.report(stored));

        assertEquals(List.of(), harness.errors(), "every search answers 200");
        assertEquals(4 * QUESTIONS, harness.searches()); // messages by similarity and by MMR, summaries, facts
        Map<RetrievalHarness.Row, RankMetrics> total = new LinkedHashMap<>();
        RetrievalHarness.ROWS.forEach(row -> total.put(row, new RankMetrics()));
        for (RetrievalHarness.Stored s : stored) {
            s.rows.forEach((row, m) -> total.get(row).addAll(m));
        }
        total.forEach((row, m) -> {
            assertEquals(QUESTIONS, m.questions(), row.toString());
            for (double v : new double[] {m.recallAt(1), m.recallAt(5), m.recallAt(10), m.mrr()}) {
                assertTrue(v >= 0 && v <= 1, row + ": " + v);
            }
            assertTrue(m.recallAt(1) <= m.recallAt(5) && m.recallAt(5) <= m.recallAt(10), row.toString());
            assertTrue(m.mrr() <= m.recallAt(10) && m.mrr() >= m.recallAt(1), row.toString());
        });
        // The baseline is deterministic and the questions share rare words with their evidence.
        assertTrue(total.get(RetrievalHarness.BM25_TURNS).recallAt(10) >= 0.5, "BM25 finds the evidence turns");
        assertTrue(total.get(RetrievalHarness.BM25_SESSIONS).recallAt(1) >= 0.5, "BM25 finds the evidence sessions");
        assertTrue(total.get(RetrievalHarness.SIMILARITY).recallAt(10) > 0, "the API's hits map to evidence turns");

        RankMetrics similarity = total.get(RetrievalHarness.SIMILARITY);
        RankMetrics bm25 = total.get(RetrievalHarness.BM25_TURNS);
        System.out.printf("retrieval-set: similarity recall@5 %.3f MRR@10 %.3f | BM25 recall@5 %.3f MRR@10 %.3f%n",
                similarity.recallAt(5), similarity.mrr(), bm25.recallAt(5), bm25.mrr());
        // The ranking must keep beating plain keyword ranking on this set (the short replies that
        // name a person are the trap); measured at 0.862 / 0.713 against BM25's 0.793 / 0.600.
        assertTrue(similarity.recallAt(5) >= bm25.recallAt(5), "search recall@5 at least BM25's");
        assertTrue(similarity.mrr() > bm25.mrr(), "search MRR@10 above BM25's");
    }
}
