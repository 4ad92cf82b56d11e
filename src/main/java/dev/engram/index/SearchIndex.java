package dev.engram.index;

import java.util.List;

/**
 * Where searches find records without reading the database: a derived copy of the messages,
 * summaries and facts, kept up to date from the change log ({@link IndexChanges}), rebuildable
 * at any time. The index retrieves; ranking (fusion, MMR, thresholds) is the caller's, so a
 * second implementation (PostgreSQL with pgvector) serves the same ranking.
 */
public interface SearchIndex {

    /**
     * The best records of {@code scope} by words and, separately, by meaning — up to
     * {@code perSignal} of each — with both signals for every one of them.
     *
     * <p>Word evidence ({@link IndexCandidate#lexical}) is Okapi BM25 over the analysed words
     * (see {@link IndexedText}), divided by what a text of average length holding every query
     * term once scores, capped at 1; when the query has two or more words, 30 % of it is whether
     * the text holds them as a phrase.
     *
     * @param vector the query's vector (null: words only)
     */
    List<IndexCandidate> candidates(IndexScope scope, String text, float[] vector, int perSignal);

    /** The newest records of {@code scope} (created_at, then id), for searches without text. */
    List<Long> newest(IndexScope scope, int limit);

    /**
     * Blocks until every change committed in this process before the call is searchable (at
     * most {@code timeoutMillis}); false when the time ran out. Searches call it so that a client
     * finds what it has just written.
     */
    boolean awaitCurrent(long timeoutMillis);

    /**
     * Blocks until every change committed to the database before the call, by any process, is
     * searchable (at most {@code timeoutMillis}); false when the time ran out. Costs a look at
     * the change log, so only work that must see other replicas' writes calls it (fact learning,
     * which must not store again a fact another replica has just stored). An index that lives
     * in the database itself is always current: the default suits it.
     */
    default boolean awaitAllCommitted(long timeoutMillis) {
        return awaitCurrent(timeoutMillis);
    }

    /** What the index holds and how far it has followed the database. */
    IndexStatus status();

    /** The state an operator sees. */
    record IndexStatus(String implementation, String state, long checkpoint, long documents, String location) {
    }
}
