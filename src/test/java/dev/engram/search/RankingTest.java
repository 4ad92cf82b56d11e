package dev.engram.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The word scorer, the fusion and MMR on their own (no server, no embedding model). */
class RankingTest {

    private static double[] scoreAll(String query, List<String> texts) {
        LexicalScorer scorer = LexicalScorer.forQuery(query);
        List<LexicalScorer.Match> matches = new ArrayList<>();
        for (String t : texts) {
            matches.add(scorer.observe(t));
        }
        double[] scores = new double[texts.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = scorer.score(matches.get(i));
        }
        return scores;
    }

    @Test
    void aRareTermOutweighsACommonOne() {
        double[] s = scoreAll("train to Sintra", List.of(
                "the train was late", "another train ride", "a train again", "we went to Sintra"));
        assertTrue(s[3] > s[0] && s[3] > s[1] && s[3] > s[2], java.util.Arrays.toString(s));
    }

    @Test
    void theExactPhraseBeatsTheSameWordsScattered() {
        double[] s = scoreAll("weekend trip by train", List.of(
                "train weekend: by the trip we mean", "Find me a weekend trip by train.", "nothing relevant here"));
        assertTrue(s[1] > s[0], java.util.Arrays.toString(s));
        assertEquals(0, s[2]);
        assertTrue(s[1] <= 1 && s[0] >= 0);
    }

    @Test
    void quotedPhrasesCountToo() {
        double[] s = scoreAll("booking \"window seat\" please", List.of("a seat by the window", "I want a window seat"));
        assertTrue(s[1] > s[0], java.util.Arrays.toString(s));
    }

    @Test
    void pluralsMatchAndStopWordsDoNot() {
        LexicalScorer scorer = LexicalScorer.forQuery("the trains");
        assertNull(scorer.observe("the cat is on the mat"));
        assertTrue(scorer.score(scorer.observe("one train")) > 0);
    }

    @Test
    void aQueryOfOnlyStopWordsStillMatchesThem() {
        double[] s = scoreAll("to be or not to be", List.of("to be or not to be", "cats"));
        assertTrue(s[0] > 0.9, java.util.Arrays.toString(s));
        assertEquals(0, s[1]);
    }

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
