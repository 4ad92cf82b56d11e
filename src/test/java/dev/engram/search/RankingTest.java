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
        float[] a = {1, 0, 0};
        float[] aCopy = {0.99f, 0.01f, 0};
        float[] b = {0, 1, 0};
        double[] relevance = {0.9, 0.89, 0.7};
        List<float[]> vectors = List.of(a, aCopy, b);
        assertEquals(List.of(0, 2, 1), MaximalMarginalRelevance.select(relevance, vectors, 0.5, 3));
        assertEquals(List.of(0, 1), MaximalMarginalRelevance.select(relevance, vectors, 1.0, 2), "lambda 1: relevance order");
    }
}
