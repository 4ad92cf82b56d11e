package dev.engram.search;

/**
 * One relevance score in [0, 1] from the two signals: meaning (cosine similarity of the
 * embeddings, negative values taken as 0) and words ({@link LexicalScorer}).
 *
 * <p>The fusion is a "noisy or": {@code 1 − (1 − vector) · (1 − 0.85 · lexical)}. Without word
 * evidence the score is the vector similarity, so a paraphrase is ranked by meaning alone;
 * word evidence lifts a text toward 1 in proportion to how much of the similarity gap is left,
 * so a text containing the query's rare word or exact phrase overtakes texts that are only
 * about the same topic. Monotone in both inputs and never outside [0, 1].
 */
public final class HybridFusion {

    /** How far full word evidence closes the gap to 1 (1 would make any exact match a perfect score). */
    static final double LEXICAL_WEIGHT = 0.85;

    private HybridFusion() {
    }

    public static double fuse(double cosine, double lexical) {
        double vector = clamp(cosine);
        return clamp(1 - (1 - vector) * (1 - LEXICAL_WEIGHT * clamp(lexical)));
    }

    private static double clamp(double value) {
        return Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
    }
}
