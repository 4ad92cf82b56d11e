package dev.engram.search;

import dev.engram.embedding.Vectors;
import java.util.ArrayList;
import java.util.List;

/**
 * Maximal Marginal Relevance (Carbonell and Goldstein, 1998): picks results one at a time,
 * each time the candidate maximising {@code λ · relevance − (1 − λ) · (highest similarity to
 * an already picked result)}. λ = 1 is plain relevance order, λ = 0 maximal diversity; Zep's
 * default is 0.5. Near-duplicates therefore stop crowding the top: the second copy of a text
 * is as similar as can be to the first, so something different comes next.
 */
public final class MaximalMarginalRelevance {

    private MaximalMarginalRelevance() {
    }

    /**
     * The order in which to return {@code count} of the candidates (indexes into the lists).
     * {@code relevance} and {@code vectors} are parallel; a missing vector is similar to nothing.
     */
    public static List<Integer> select(double[] relevance, List<float[]> vectors, double lambda, int count) {
        int n = relevance.length;
        List<Integer> picked = new ArrayList<>(Math.min(count, n));
        boolean[] taken = new boolean[n];
        // highest similarity of each candidate to anything picked so far, updated incrementally
        double[] redundancy = new double[n];
        while (picked.size() < Math.min(count, n)) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (taken[i]) {
                    continue;
                }
                double value = lambda * relevance[i] - (1 - lambda) * redundancy[i];
                if (value > bestValue) {
                    bestValue = value;
                    best = i;
                }
            }
            taken[best] = true;
            picked.add(best);
            float[] chosen = vectors.get(best);
            for (int i = 0; i < n; i++) {
                if (!taken[i]) {
                    double similarity = Math.max(0, Vectors.cosine(chosen, vectors.get(i)));
                    redundancy[i] = Math.max(redundancy[i], similarity);
                }
            }
        }
        return picked;
    }
}
