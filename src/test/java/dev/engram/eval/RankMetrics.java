package dev.engram.eval;

/**
 * Ranking figures over a set of questions: for each question the rank (1-based) of the first
 * relevant result in the top 10, or none. recall@k is the fraction of questions with a relevant
 * result in the top k (at least one evidence turn, not all of them); MRR@10 the mean of
 * 1/rank (0 when none is in the top 10).
 */
final class RankMetrics {

    static final int DEPTH = 10;

    private int questions;
    private final int[] firstRelevantAt = new int[DEPTH + 1];

    /** Adds one question whose first relevant result came at {@code rank} (0: not in the top 10). */
    void add(int rank) {
        questions++;
        if (rank >= 1 && rank <= DEPTH) {
            firstRelevantAt[rank]++;
        }
    }

    /** Adds every question of {@code other} (pooled, not averaged per conversation). */
    void addAll(RankMetrics other) {
        questions += other.questions;
        for (int i = 0; i <= DEPTH; i++) {
            firstRelevantAt[i] += other.firstRelevantAt[i];
        }
    }

    int questions() {
        return questions;
    }

    double recallAt(int k) {
        if (questions == 0) {
            return 0;
        }
        int found = 0;
        for (int i = 1; i <= Math.min(k, DEPTH); i++) {
            found += firstRelevantAt[i];
        }
        return (double) found / questions;
    }

    double mrr() {
        if (questions == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 1; i <= DEPTH; i++) {
            sum += firstRelevantAt[i] / (double) i;
        }
        return sum / questions;
    }
}
