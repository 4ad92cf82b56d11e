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
        PriorityQueue<Entry> heap = new PriorityQueue<>(Math.max(1, Math.min(count, size) + 1), BEST_FIRST.reversed());
        for (int i = 0; i < size; i++) {
            double score = HybridFusion.fuse(cosines[i], lexical.score(matches[i]));
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
}
