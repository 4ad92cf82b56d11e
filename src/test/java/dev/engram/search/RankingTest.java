package dev.engram.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fusion and MMR on their own (no server, no embedding model); word scoring: LuceneIndexTest. */
class RankingTest {

    @Test
    void fusionStaysInRangeAndIsMonotone() {
        assertEquals(0.6, HybridFusion.fuse(0.6, 0), 1e-9, "no word evidence: the vector similarity");
        assertEquals(0, HybridFusion.fuse(-0.3, 0), 1e-9, "negative cosine counts as 0");
        assertTrue(HybridFusion.fuse(0.3, 1) > HybridFusion.fuse(0.7, 0), "a full word match lifts a weak vector match");
        assertTrue(HybridFusion.fuse(0.5, 0.5) > HybridFusion.fuse(0.5, 0.4));
        assertTrue(HybridFusion.fuse(1, 1) <= 1 && HybridFusion.fuse(2, 2) <= 1 && HybridFusion.fuse(Double.NaN, 0) == 0);
    }

    @Test
    void mmrSkipsNearDuplicates() {
        List<String> texts = List.of("I love travelling by train.", "i love travelling by train!", "Rail journeys in the Alps");
        double[] relevance = {0.9, 0.89, 0.7};
        MaximalMarginalRelevance.Similarity words = MaximalMarginalRelevance.ofWords(texts);
        assertEquals(1.0, words.between(0, 1), 1e-9, "the same words");
        assertEquals(0.0, words.between(0, 2), 1e-9, "no word in common");
        assertEquals(List.of(0, 2, 1), MaximalMarginalRelevance.select(relevance, words, 0.5, 3));
        assertEquals(List.of(0, 1), MaximalMarginalRelevance.select(relevance, words, 1.0, 2), "lambda 1: relevance order");
    }
}
