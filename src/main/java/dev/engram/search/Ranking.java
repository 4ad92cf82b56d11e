package dev.engram.search;

import dev.engram.index.IndexCandidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders what the index found, whichever index found it: one relevance score per candidate
 * ({@link HybridFusion} of its vector similarity and word evidence), {@code min_score}, then
 * either the best {@code limit} or, for MMR, a pool of the best reordered for diversity.
 */
final class Ranking {

    /** Reranking looks at this many times the requested results (at least MMR_MIN_POOL). */
    static final int MMR_POOL_FACTOR = 4;
    static final int MMR_MIN_POOL = 20;
    /** MMR is quadratic in the pool; beyond this the pool is no larger than the limit. */
    static final int MMR_MAX_POOL = 500;
    /** Each signal brings at least this many candidates, so fusion sees beyond the first page of either. */
    static final int MIN_PER_SIGNAL = 100;

    /** A ranked record. */
    record Ranked(long id, double score) {
    }

    private static final Comparator<Ranked> BEST_FIRST =
            Comparator.comparingDouble(Ranked::score).reversed().thenComparing(Comparator.comparingLong(Ranked::id).reversed());

    private Ranking() {
    }

    /** How many candidates to take from each signal for a query. */
    static int perSignal(SearchQuery query) {
        return Math.max(MIN_PER_SIGNAL, query.mmr() ? pool(query) : query.limit());
    }

    static int pool(SearchQuery query) {
        return Math.max(query.limit(), Math.min(MMR_MAX_POOL, Math.max(MMR_MIN_POOL, query.limit() * MMR_POOL_FACTOR)));
    }

    /**
     * The ranked results. Every candidate needs its cosine (embed those without a vector
     * beforehand); a NaN cosine counts as no similarity.
     */
    static List<Ranked> rank(List<IndexCandidate> candidates, SearchQuery query) {
        List<Ranked> scored = new ArrayList<>(candidates.size());
        for (IndexCandidate c : candidates) {
            double score = HybridFusion.fuse(Double.isNaN(c.cosine()) ? 0 : c.cosine(), c.lexical());
            if (score >= query.minScore()) {
                scored.add(new Ranked(c.id(), score));
            }
        }
        scored.sort(BEST_FIRST);
        if (!query.mmr()) {
            return scored.subList(0, Math.min(query.limit(), scored.size()));
        }
        List<Ranked> pool = scored.subList(0, Math.min(pool(query), scored.size()));
        java.util.Map<Long, String> texts = new java.util.HashMap<>();
        candidates.forEach(c -> texts.put(c.id(), c.text()));
        double[] relevance = new double[pool.size()];
        List<String> poolTexts = new ArrayList<>(pool.size());
        for (int i = 0; i < pool.size(); i++) {
            relevance[i] = pool.get(i).score();
            poolTexts.add(texts.get(pool.get(i).id()));
        }
        List<Ranked> reordered = new ArrayList<>();
        for (int index : MaximalMarginalRelevance.select(relevance, MaximalMarginalRelevance.ofWords(poolTexts),
                query.mmrLambda(), query.limit())) {
            reordered.add(pool.get(index));
        }
        return reordered;
    }
}
