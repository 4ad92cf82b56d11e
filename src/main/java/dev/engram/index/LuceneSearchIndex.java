package dev.engram.index;

import dev.engram.common.EngramConfig;
import dev.engram.common.Installation;
import dev.engram.common.JsonText;
import dev.engram.embedding.Embedder;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.TermQuery;
import org.jboss.logging.Logger;

/**
 * The embedded search index: Apache Lucene, BM25 over analysed words and HNSW over vectors, in
 * one index under {@code engram.search.index-dir}, following the database through
 * {@link IndexFollower}.
 */
final class LuceneSearchIndex implements SearchIndex {

    private static final Logger LOG = Logger.getLogger(LuceneSearchIndex.class);

    /** BM25's saturation constant (Lucene's default), needed to normalise scores. */
    static final float K1 = 1.2f;

    /**
     * BM25's length normalisation, below Lucene's default 0.75: a chat turn that tells something
     * is long, and the short ones around it ("Wow, that's great!") should not win by brevity.
     * Measured on the LoCoMo development conversations (0.5 against 0.75: MRR@10 0.512 against
     * 0.496, see the README).
     */
    static final float B = 0.5f;

    /**
     * How much a query term counts when it is in the turn before a message rather than in the
     * message itself: an answer ("Adoption agencies.") is about its question's words. Measured:
     * 0.3 beat 0.15 and 0.6 (README).
     */
    static final double CONTEXT_WEIGHT = 0.3;

    private final EngramConfig config;
    private final IndexRows rows;
    private final IndexChanges changes;
    private final EntityManager em;
    private final Installation installation;
    private final Embedder embedder;
    private volatile LuceneStore store;
    private volatile IndexFollower follower;

    LuceneSearchIndex(EngramConfig config, IndexRows rows, IndexChanges changes, EntityManager em,
                             Installation installation, Embedder embedder) {
        this.config = config;
        this.rows = rows;
        this.changes = changes;
        this.em = em;
        this.installation = installation;
        this.embedder = embedder;
    }

    /** An index over {@code store} alone, for tests of its queries. */
    static LuceneSearchIndex over(LuceneStore store) {
        LuceneSearchIndex index = new LuceneSearchIndex(null, null, null, null, null, null);
        index.store = store;
        return index;
    }

    void start() {
        String dir = config.search().indexDir();
        try {
            store = open(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index at " + dir, e);
        }
        follower = new IndexFollower(store, rows, changes, em, installation.projectUuid().toString(), embedder.model(),
                config.search().pollInterval().toMillis());
        follower.start();
    }

    /** Opens the index; one that cannot be read is set aside and built again (it is derived data). */
    private static LuceneStore open(String dir) throws IOException {
        try {
            return LuceneStore.open(dir);
        } catch (IOException | RuntimeException e) {
            if ("memory".equals(dir)) {
                throw e;
            }
            java.nio.file.Path path = java.nio.file.Path.of(dir).toAbsolutePath();
            java.nio.file.Path aside = path.resolveSibling(path.getFileName() + ".unreadable-" + System.currentTimeMillis());
            LOG.warnf(e, "search index at %s cannot be read; moved to %s and rebuilt from the database", path, aside);
            java.nio.file.Files.move(path, aside);
            return LuceneStore.open(dir);
        }
    }

    /**
     * Stops following and closes the index, waiting at most {@link #CLOSE_WAIT_MILLIS} for it.
     * Closing waits for Lucene's running merges, and a merge of large segments rebuilds their
     * HNSW graph, which cannot be interrupted: after the 1,000,000-message benchmark's ingest a
     * server did not stop within 60 s. What the follower indexed is committed by then (its last
     * commit, as it stops), so leaving a merge unfinished loses nothing: its files are deleted
     * at the next open, and the merge is redone.
     */
    void stop() {
        if (follower != null) {
            follower.stop();
        }
        if (store == null) {
            return;
        }
        Thread closer = new Thread(() -> {
            try {
                store.close();
            } catch (IOException | RuntimeException e) {
                LOG.warnf(e, "search index: close failed; the next start replays the change log");
            }
        }, "engram-index-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.infof("search index: a merge of segments was still running %d s after shutdown began; not waited for"
                    + " (everything indexed is committed; the merge is redone after the next start)", CLOSE_WAIT_MILLIS / 1000);
        }
    }

    /** How long shutdown waits for the index to close (its running merges, see {@link #stop}). */
    static final long CLOSE_WAIT_MILLIS = 5_000;

    @Override
    public boolean awaitCurrent(long timeoutMillis) {
        return follower != null && follower.awaitCurrent(timeoutMillis);
    }

    @Override
    public boolean awaitAllCommitted(long timeoutMillis) {
        return follower != null && follower.awaitPass(timeoutMillis);
    }

    @Override
    public IndexStatus status() {
        IndexFollower f = follower;
        LuceneStore s = store;
        if (f == null || s == null) {
            return new IndexStatus("lucene", "starting", 0, 0, config.search().indexDir());
        }
        return new IndexStatus("lucene", f.state(), f.checkpoint(), s.writer.getDocStats().numDocs, s.location);
    }

    @Override
    public List<IndexCandidate> candidates(IndexScope scope, String text, float[] vector, int perSignal) {
        return withSearcher(searcher -> {
            Query filter = filter(searcher, scope);
            if (filter == null) {
                return List.of();
            }
            String field = LuceneStore.textField(scope.kind());
            QueryTerms query = QueryTerms.of(text);
            Query words = words(field, LuceneStore.contextField(scope.kind()), query);
            Map<Integer, double[]> signals = new LinkedHashMap<>(); // doc → [bm25, cosine]
            if (words != null) {
                for (ScoreDoc hit : searcher.search(restrict(words, filter), perSignal).scoreDocs) {
                    signals.put(hit.doc, new double[] {hit.score, Double.NaN});
                }
            }
            if (vector != null) {
                Query nearest = new KnnFloatVectorQuery(LuceneStore.vectorField(scope.kind()), vector, perSignal, filter);
                for (ScoreDoc hit : searcher.search(nearest, perSignal).scoreDocs) {
                    // Lucene's cosine score is (1 + cos) / 2.
                    signals.computeIfAbsent(hit.doc, d -> new double[] {Double.NaN, Double.NaN})[1] = 2.0 * hit.score - 1;
                }
            }
            if (vector != null) {
                // Not yet embedded (their messages wait for the pipeline): the caller embeds them
                // on the spot, so a search does not depend on the background work being done.
                Query pending = new BooleanQuery.Builder().add(filter, BooleanClause.Occur.FILTER)
                        .add(new FieldExistsQuery(LuceneStore.vectorField(scope.kind())), BooleanClause.Occur.MUST_NOT).build();
                for (ScoreDoc hit : searcher.search(pending, perSignal).scoreDocs) {
                    signals.putIfAbsent(hit.doc, new double[] {Double.NaN, Double.NaN});
                }
            }
            if (signals.isEmpty()) {
                return List.of();
            }
            StoredFields stored = searcher.storedFields();
            Map<Integer, Document> docs = new HashMap<>();
            for (int doc : signals.keySet()) {
                docs.put(doc, stored.document(doc, Set.of(LuceneStore.ID, LuceneStore.WORDS_STORED, LuceneStore.TEXT_STORED)));
            }
            completeWords(searcher, scope.kind(), words, signals, docs);
            Map<Integer, float[]> vectors = vectors(searcher, LuceneStore.vectorField(scope.kind()), signals.keySet());
            double reference = reference(searcher, field, query);
            List<IndexCandidate> out = new ArrayList<>(signals.size());
            for (Map.Entry<Integer, double[]> e : signals.entrySet()) {
                Document doc = docs.get(e.getKey());
                float[] v = vectors.get(e.getKey());
                double cosine = v == null || vector == null ? Double.NaN
                        : !Double.isNaN(e.getValue()[1]) ? e.getValue()[1] : dev.engram.embedding.Vectors.cosine(vector, v);
                double bm25 = Double.isNaN(e.getValue()[0]) || reference == 0 ? 0 : Math.min(1, e.getValue()[0] / reference);
                out.add(new IndexCandidate(doc.getField(LuceneStore.ID).numericValue().longValue(), v, cosine,
                        query.evidence(bm25, doc.get(LuceneStore.WORDS_STORED)), doc.get(LuceneStore.TEXT_STORED)));
            }
            return out;
        });
    }

    @Override
    public List<Long> newest(IndexScope scope, int limit) {
        return withSearcher(searcher -> {
            Query filter = filter(searcher, scope);
            if (filter == null) {
                return List.of();
            }
            Sort newestFirst = new Sort(LongField.newSortField(LuceneStore.CREATED, true, SortedNumericSelector.Type.MIN),
                    LongField.newSortField(LuceneStore.ID, true, SortedNumericSelector.Type.MIN));
            List<Long> ids = new ArrayList<>();
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc hit : searcher.search(filter, limit, newestFirst).scoreDocs) {
                ids.add(stored.document(hit.doc, Set.of(LuceneStore.ID)).getField(LuceneStore.ID).numericValue().longValue());
            }
            return ids;
        });
    }

    /**
     * The conditions of a scope as one filter; null when nothing can match. A metadata test
     * cannot be indexed (it is any JSONPath): it reads the stored metadata of the records that
     * pass the other conditions, so its cost grows with the target, not with the index.
     */
    private static Query filter(IndexSearcher searcher, IndexScope scope) throws IOException {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new TermQuery(new Term(LuceneStore.KIND, scope.kind().code)), BooleanClause.Occur.FILTER);
        if (scope.userPk() != null) {
            b.add(LongField.newExactQuery(LuceneStore.USER, scope.userPk()), BooleanClause.Occur.FILTER);
        }
        if (scope.sessionPks() != null) {
            if (scope.sessionPks().isEmpty()) {
                return null;
            }
            b.add(LongField.newSetQuery(LuceneStore.SESSION, scope.sessionPks().stream().mapToLong(Long::longValue).toArray()),
                    BooleanClause.Occur.FILTER);
        }
        if (scope.from() != null || scope.to() != null) {
            b.add(LongField.newRangeQuery(LuceneStore.CREATED,
                    scope.from() == null ? Long.MIN_VALUE : LuceneStore.micros(scope.from()),
                    scope.to() == null ? Long.MAX_VALUE : LuceneStore.micros(scope.to())), BooleanClause.Occur.FILTER);
        }
        if (scope.kind().hasRating && scope.minRating() != null) {
            b.add(DoubleField.newRangeQuery(LuceneStore.RATING, scope.minRating(), Double.POSITIVE_INFINITY),
                    BooleanClause.Occur.FILTER);
        }
        if (scope.validOnly()) {
            b.add(new TermQuery(new Term(LuceneStore.INVALID, "1")), BooleanClause.Occur.MUST_NOT);
        }
        Query structured = b.build();
        if (scope.metadata() == null) {
            return structured;
        }
        List<Long> passing = new ArrayList<>();
        searcher.search(structured, new SimpleCollector() {
            private StoredFields stored;

            @Override
            protected void doSetNextReader(LeafReaderContext context) throws IOException {
                stored = context.reader().storedFields();
            }

            @Override
            public void collect(int doc) throws IOException {
                Document d = stored.document(doc, Set.of(LuceneStore.ID, LuceneStore.METADATA));
                String json = d.get(LuceneStore.METADATA);
                Map<String, Object> metadata = json == null ? Map.of() : JsonText.readMap(json);
                if (scope.metadata().test(metadata == null ? Map.of() : metadata)) {
                    passing.add(d.getField(LuceneStore.ID).numericValue().longValue());
                }
            }

            @Override
            public ScoreMode scoreMode() {
                return ScoreMode.COMPLETE_NO_SCORES;
            }
        });
        if (passing.isEmpty()) {
            return null;
        }
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(LuceneStore.KIND, scope.kind().code)), BooleanClause.Occur.FILTER)
                .add(LongField.newSetQuery(LuceneStore.ID, passing.stream().mapToLong(Long::longValue).toArray()),
                        BooleanClause.Occur.FILTER)
                .build();
    }

    /**
     * Any of the query's terms (BM25 sums the ones a text holds), in its own words or, at
     * {@link #CONTEXT_WEIGHT}, in its context; null when the query has none.
     */
    private static Query words(String field, String contextField, QueryTerms query) {
        if (query.terms().isEmpty()) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String term : query.terms()) {
            b.add(new TermQuery(new Term(field, term)), BooleanClause.Occur.SHOULD);
            b.add(new BoostQuery(new TermQuery(new Term(contextField, term)), (float) CONTEXT_WEIGHT), BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }

    private static Query restrict(Query scored, Query filter) {
        return new BooleanQuery.Builder().add(scored, BooleanClause.Occur.MUST).add(filter, BooleanClause.Occur.FILTER).build();
    }

    /** BM25 of the candidates found by meaning only (they may still hold some query terms). */
    private static void completeWords(IndexSearcher searcher, RecordKind kind, Query words, Map<Integer, double[]> signals,
                                      Map<Integer, Document> docs) throws IOException {
        if (words == null) {
            return;
        }
        List<Long> ids = new ArrayList<>();
        for (Map.Entry<Integer, double[]> e : signals.entrySet()) {
            if (Double.isNaN(e.getValue()[0])) {
                ids.add(docs.get(e.getKey()).getField(LuceneStore.ID).numericValue().longValue());
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        Query only = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(LuceneStore.KIND, kind.code)), BooleanClause.Occur.FILTER)
                .add(LongField.newSetQuery(LuceneStore.ID, ids.stream().mapToLong(Long::longValue).toArray()), BooleanClause.Occur.FILTER)
                .build();
        for (ScoreDoc hit : searcher.search(restrict(words, only), ids.size()).scoreDocs) {
            double[] s = signals.get(hit.doc);
            if (s != null) {
                s[0] = hit.score;
            }
        }
    }

    /** What a text of average length holding every query term once scores: Σ idf / (1 + k1). */
    private static double reference(IndexSearcher searcher, String field, QueryTerms query) throws IOException {
        CollectionStatistics collection = searcher.collectionStatistics(field);
        if (collection == null) {
            return 0;
        }
        double sum = 0;
        for (String term : query.terms()) {
            int df = searcher.getIndexReader().docFreq(new Term(field, term));
            sum += Math.log(1 + (collection.docCount() - df + 0.5) / (df + 0.5));
        }
        return sum / (1 + K1);
    }

    /** The stored vectors of these documents (those that have one). */
    private static Map<Integer, float[]> vectors(IndexSearcher searcher, String field, Set<Integer> docs) throws IOException {
        Map<Integer, float[]> out = new HashMap<>();
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        List<Integer> sorted = docs.stream().sorted().toList();
        int leafIndex = -1;
        FloatVectorValues values = null;
        LeafReaderContext leaf = null;
        for (int doc : sorted) {
            int at = ReaderUtil.subIndex(doc, leaves);
            if (at != leafIndex) {
                leafIndex = at;
                leaf = leaves.get(at);
                values = leaf.reader().getFloatVectorValues(field);
            }
            if (values == null) {
                continue;
            }
            int local = doc - leaf.docBase;
            int current = values.docID();
            if (current < local) {
                current = values.advance(local);
            }
            if (current == local) {
                out.put(doc, values.vectorValue().clone());
            }
        }
        return out;
    }

    private interface SearcherWork<T> {
        T run(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherWork<T> work) {
        LuceneStore s = store;
        if (s == null) {
            throw new IllegalStateException("the search index is not open yet");
        }
        try {
            IndexSearcher searcher = s.acquire();
            try {
                return work.run(searcher);
            } finally {
                s.searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("search index read failed", e);
        }
    }
}
