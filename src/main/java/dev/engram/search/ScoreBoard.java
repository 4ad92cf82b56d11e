package dev.engram.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * What is remembered about each candidate between reading it and ranking it: its id, its
 * vector similarity and (only when it contains a query term) its word match. Kept in
 * parallel arrays — about 16 bytes per candidate plus its match — because the final word
 * score needs statistics over every candidate, so nothing can be ranked before the last
 * page is read, and texts and vectors must not be held until then.
 */
final class ScoreBoard {

    /** A ranked candidate. */
    record Entry(long id, double score) {
    }

    private static final Comparator<Entry> BEST_FIRST =
            Comparator.comparingDouble(Entry::score).reversed().thenComparing(Comparator.comparingLong(Entry::id).reversed());

    private long[] ids = new long[64];
    private float[] cosines = new float[64];
    private LexicalScorer.Match[] matches = new LexicalScorer.Match[64];
    private int size;

    void add(long id, double cosine, LexicalScorer.Match match) {
        if (size == ids.length) {
            int capacity = size * 2;
            ids = Arrays.copyOf(ids, capacity);
            cosines = Arrays.copyOf(cosines, capacity);
            matches = Arrays.copyOf(matches, capacity);
        }
        ids[size] = id;
        cosines[size] = (float) cosine;
        matches[size] = match;
        size++;
    }

    int size() {
        return size;
    }

    /**
     * The best {@code count} candidates scoring at least {@code minScore}, best first (ties:
     * newer record first). A bounded heap, so ranking a large candidate set stays O(n log count).
     */
    List<Entry> top(int count, LexicalScorer lexical, double minScore) {
        double[] scores = FUSION.equals("rrf") ? reciprocalRanks(lexical) : fused(lexical);
        PriorityQueue<Entry> heap = new PriorityQueue<>(Math.max(1, Math.min(count, size) + 1), BEST_FIRST.reversed());
        for (int i = 0; i < size; i++) {
            double score = scores[i];
            if (score < minScore) {
                continue;
            }
            heap.add(new Entry(ids[i], score));
            if (heap.size() > count) {
                heap.poll();
            }
        }
        List<Entry> best = new ArrayList<>(heap);
        best.sort(BEST_FIRST);
        return best;
    }

    static final String FUSION = System.getProperty("engram.search.fusion", "noisy-or");
    static final int RRF_K = Integer.getInteger("engram.search.rrf-k", 60);
    static final double RRF_LEXICAL_WEIGHT = Double.parseDouble(System.getProperty("engram.search.rrf-lexical-weight", "1"));

    private double[] fused(LexicalScorer lexical) {
        double[] scores = new double[size];
        for (int i = 0; i < size; i++) {
            scores[i] = HybridFusion.fuse(cosines[i], lexical.score(matches[i]));
        }
        return scores;
    }

    private double[] reciprocalRanks(LexicalScorer lexical) {
        double[] words = new double[size];
        for (int i = 0; i < size; i++) {
            words[i] = lexical.score(matches[i]);
        }
        double[] scores = new double[size];
        addReciprocalRanks(scores, cosines(), 1.0, false);
        addReciprocalRanks(scores, words, RRF_LEXICAL_WEIGHT, true);
        double best = (1.0 + RRF_LEXICAL_WEIGHT) / (RRF_K + 1);
        for (int i = 0; i < size; i++) {
            scores[i] /= best;
        }
        return scores;
    }

    private double[] cosines() {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = cosines[i];
        }
        return values;
    }

    private void addReciprocalRanks(double[] scores, double[] values, double weight, boolean positiveOnly) {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        for (int rank = 0; rank < size; rank++) {
            int i = order[rank];
            if (positiveOnly && values[i] <= 0) {
                break;
            }
            scores[i] += weight / (RRF_K + rank + 1);
        }
    }
}
