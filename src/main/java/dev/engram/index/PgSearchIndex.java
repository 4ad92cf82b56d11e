package dev.engram.index;

import dev.engram.common.JsonText;
import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The search index in PostgreSQL (pgvector): the records' copy lives in the database every
 * replica shares ({@link PgIndexStore}), so a replica keeps no index of its own. Candidates come
 * from two SQL queries restricted to the scope — words through the GIN index on the terms, ranked
 * by BM25 with the same parameters and normalisation as the Lucene index, and meaning through the
 * HNSW index — and are ranked by the same shared code ({@code search.Ranking}).
 */
final class PgSearchIndex implements SearchIndex {

    private final PgIndexStore store;
    private final IndexFollower follower;
    /** pgvector 0.8 and later can continue an HNSW scan until enough rows pass a scope's filter. */
    private final boolean iterativeScan;

    PgSearchIndex(PgIndexStore store, IndexFollower follower, boolean iterativeScan) {
        this.store = store;
        this.follower = follower;
        this.iterativeScan = iterativeScan;
    }

    void start() {
        follower.start();
    }

    PgIndexStore store() {
        return store;
    }

    void stop() {
        follower.stop();
        store.close();
    }

    @Override
    public boolean awaitCurrent(long timeoutMillis) {
        return follower.awaitCurrent(timeoutMillis);
    }

    /**
     * Every replica's follower writes the shared tables, but this process's follower passing
     * over the log is what proves a change committed elsewhere is applied by now.
     */
    @Override
    public boolean awaitAllCommitted(long timeoutMillis) {
        return follower.awaitPass(timeoutMillis);
    }

    @Override
    public IndexStatus status() {
        long documents = store.inTransaction(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT coalesce(sum(docs), 0) FROM search_stats")) {
                return r.next() ? r.getLong(1) : 0L;
            }
        });
        return new IndexStatus("postgresql", follower.state(), follower.checkpoint(), documents, store.location());
    }

    @Override
    public List<IndexCandidate> candidates(IndexScope scope, String text, float[] vector, int perSignal) {
        return store.inTransaction(c -> {
            Scope where = scope(c, scope);
            if (where == null) {
                return List.of();
            }
            QueryTerms query = QueryTerms.of(text);
            Statistics stats = query.terms().isEmpty() ? null : statistics(c, scope.kind(), query);
            Map<Long, Row> found = new LinkedHashMap<>();
            if (stats != null) {
                // A user's or a session's records are few enough to score all that match; a
                // search of every session takes the first cut (WORD_CANDIDATE_BUDGET).
                long budget = scope.userPk() == null && scope.sessionPks() == null ? WORD_CANDIDATE_BUDGET : Long.MAX_VALUE;
                byWords(c, where, query, stats, vector, perSignal, budget, found);
            }
            if (vector != null) {
                byMeaning(c, where, query, stats, vector, perSignal, found);
                // Not yet embedded (the pipeline has not reached them): the caller embeds them.
                pending(c, where, query, stats, perSignal, found);
            }
            double reference = stats == null ? 0 : stats.reference();
            List<IndexCandidate> out = new ArrayList<>(found.size());
            for (Row row : found.values()) {
                double bm25 = reference == 0 ? 0 : Math.min(1, row.bm25 / reference);
                out.add(new IndexCandidate(row.id, row.vector, row.cosine, query.evidence(bm25, row.words), row.text));
            }
            return out;
        });
    }

    @Override
    public List<Long> newest(IndexScope scope, int limit) {
        return store.inTransaction(c -> {
            Scope where = scope(c, scope);
            if (where == null) {
                return List.of();
            }
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT e.id FROM search_entries e WHERE " + where.sql
                    + " ORDER BY e.created_at DESC, e.id DESC LIMIT ?")) {
                int i = where.bind(p, 1);
                p.setInt(i, limit);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        ids.add(r.getLong(1));
                    }
                }
            }
            return ids;
        });
    }

    /** A candidate as read: its signals and what the ranking needs of it. */
    private static final class Row {
        long id;
        String words;
        String text;
        float[] vector;
        double cosine = Double.NaN;
        double bm25;
    }

    /** The columns every candidate query reads, then its BM25 and its cosine (when there is a query vector). */
    private static String columns(Statistics stats, float[] vector) {
        String bm25 = stats == null ? "0" : """
                coalesce((SELECT sum(q.idf * cardinality(u.positions)
                        / (cardinality(u.positions) + %1$s * (1 - %2$s + %2$s * e.words_len / ?)))
                    FROM unnest(e.words_tsv) u JOIN unnest(?::text[], ?::float8[]) q(term, idf) ON q.term = u.lexeme), 0)
                + %3$s * coalesce((SELECT sum(q.idf * cardinality(u.positions)
                        / (cardinality(u.positions) + %1$s * (1 - %2$s + %2$s * e.context_len / ?)))
                    FROM unnest(e.context_tsv) u JOIN unnest(?::text[], ?::float8[]) q(term, idf) ON q.term = u.lexeme), 0)"""
                .formatted(LuceneSearchIndex.K1, LuceneSearchIndex.B, LuceneSearchIndex.CONTEXT_WEIGHT);
        String cosine = vector == null ? "NULL" : "1 - (e.embedding <=> CAST(? AS VECTOR))";
        return "e.id, e.words, e.text, vector_send(e.embedding), " + bm25 + ", " + cosine;
    }

    /** Binds what {@link #columns} asks for; returns the next parameter index. */
    private static int bindColumns(Connection c, PreparedStatement p, int i, QueryTerms query, Statistics stats, float[] vector)
            throws SQLException {
        if (stats != null) {
            Array terms = c.createArrayOf("text", query.terms().toArray());
            Array idfs = c.createArrayOf("float8", stats.idf);
            p.setDouble(i++, stats.averageWords);
            p.setArray(i++, terms);
            p.setArray(i++, idfs);
            p.setDouble(i++, stats.averageContext);
            p.setArray(i++, terms);
            p.setArray(i++, idfs);
        }
        if (vector != null) {
            p.setString(i++, PgIndexStore.literal(vector));
        }
        return i;
    }

    /**
     * How many records of a kind the word query's first cut may reach in a search of every
     * session, by the terms' document frequencies. Ranking by BM25 in SQL scores every row that
     * the text query matches, so a query holding a word that half the records contain would
     * score half the table. The first cut therefore looks the records up by the query's rarest
     * terms only, as many as fit this budget together (always at least the rarest); the terms
     * left out still count in the score of every record found. What they alone would have found
     * scores low by BM25 anyway (a frequent term's idf is small) and is still reached by meaning
     * through the vector index.
     */
    static final long WORD_CANDIDATE_BUDGET = 20_000;

    /** The query terms the word query looks records up by (see {@link #WORD_CANDIDATE_BUDGET}). */
    static List<String> lookupTerms(List<String> terms, long[] df, long budget) {
        Integer[] order = new Integer[terms.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> df[i]));
        List<String> chosen = new ArrayList<>();
        long reach = 0;
        for (int i : order) {
            // A term in no record's words costs the lookup nothing (it may still be in a context).
            if (df[i] > 0 && reach > 0 && reach + df[i] > budget) {
                break;
            }
            chosen.add(terms.get(i));
            reach += df[i];
        }
        return chosen;
    }

    private static void byWords(Connection c, Scope where, QueryTerms query, Statistics stats, float[] vector, int perSignal,
                                long budget, Map<Long, Row> found) throws SQLException {
        List<String> lookup = lookupTerms(query.terms(), stats.df, budget);
        String tsquery = String.join(" | ", lookup.stream().map(PgIndexStore::quoted).toList());
        try (PreparedStatement p = c.prepareStatement("SELECT " + columns(stats, vector) + " FROM search_entries e WHERE "
                + where.sql + " AND (e.words_tsv @@ CAST(? AS TSQUERY) OR e.context_tsv @@ CAST(? AS TSQUERY))"
                + " ORDER BY 5 DESC, e.id DESC LIMIT ?")) {
            int i = bindColumns(c, p, 1, query, stats, vector);
            i = where.bind(p, i);
            p.setString(i++, tsquery);
            p.setString(i++, tsquery);
            p.setInt(i, perSignal);
            read(p, found);
        }
    }

    private void byMeaning(Connection c, Scope where, QueryTerms query, Statistics stats, float[] vector, int perSignal,
                                  Map<Long, Row> found) throws SQLException {
        try (Statement s = c.createStatement()) {
            // HNSW's candidate list must hold at least the rows asked for, and a scope that
            // filters most rows out keeps the scan going until enough pass (pgvector 0.8).
            s.execute("SET LOCAL hnsw.ef_search = " + Math.min(1000, Math.max(40, perSignal)));
            if (iterativeScan) {
                s.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT " + columns(stats, vector) + " FROM search_entries e WHERE "
                + where.sql + " AND e.embedding IS NOT NULL ORDER BY e.embedding <=> CAST(? AS VECTOR) LIMIT ?")) {
            int i = bindColumns(c, p, 1, query, stats, vector);
            i = where.bind(p, i);
            p.setString(i++, PgIndexStore.literal(vector));
            p.setInt(i, perSignal);
            read(p, found);
        }
    }

    private static void pending(Connection c, Scope where, QueryTerms query, Statistics stats, int perSignal,
                                Map<Long, Row> found) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + columns(stats, null) + " FROM search_entries e WHERE "
                + where.sql + " AND e.embedding IS NULL LIMIT ?")) {
            int i = bindColumns(c, p, 1, query, stats, null);
            i = where.bind(p, i);
            p.setInt(i, perSignal);
            read(p, found);
        }
    }

    private static void read(PreparedStatement p, Map<Long, Row> found) throws SQLException {
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                long id = r.getLong(1);
                if (found.containsKey(id)) {
                    continue;
                }
                Row row = new Row();
                row.id = id;
                row.words = r.getString(2);
                row.text = r.getString(3);
                row.vector = vector(r.getBytes(4));
                row.bm25 = r.getDouble(5);
                double cosine = r.getDouble(6);
                row.cosine = r.wasNull() || row.vector == null ? Double.NaN : cosine;
                found.put(id, row);
            }
        }
    }

    /** pgvector's binary form: dimensions (int16), unused (int16), then float4s, big-endian. */
    private static float[] vector(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        float[] out = new float[buffer.getShort()];
        buffer.getShort();
        for (int i = 0; i < out.length; i++) {
            out[i] = buffer.getFloat();
        }
        return out;
    }

    /** Term and length statistics of a kind, as Lucene's BM25 takes them from its field. */
    private record Statistics(Double[] idf, long[] df, double averageWords, double averageContext) {

        /** What a text of average length holding every query term once scores: Σ idf / (1 + k1), as in the Lucene index. */
        double reference() {
            double sum = 0;
            for (Double value : idf) {
                sum += value;
            }
            return sum / (1 + LuceneSearchIndex.K1);
        }
    }

    private static Statistics statistics(Connection c, RecordKind kind, QueryTerms query) throws SQLException {
        long docs = 0;
        double averageWords = 1;
        double averageContext = 1;
        try (PreparedStatement p = c.prepareStatement("SELECT docs, words_len, context_docs, context_len FROM search_stats WHERE kind = ?")) {
            p.setString(1, kind.code);
            try (ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    docs = r.getLong(1);
                    averageWords = docs == 0 ? 1 : Math.max(1, (double) r.getLong(2) / docs);
                    long contextDocs = r.getLong(3);
                    averageContext = contextDocs == 0 ? 1 : Math.max(1, (double) r.getLong(4) / contextDocs);
                }
            }
        }
        Map<String, Long> df = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT term, df FROM search_terms WHERE kind = ? AND term = ANY (?)")) {
            p.setString(1, kind.code);
            p.setArray(2, c.createArrayOf("text", query.terms().toArray()));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    df.put(r.getString(1), r.getLong(2));
                }
            }
        }
        Double[] idf = new Double[query.terms().size()];
        long[] frequencies = new long[idf.length];
        for (int i = 0; i < idf.length; i++) {
            frequencies[i] = df.getOrDefault(query.terms().get(i), 0L);
            idf[i] = idf(docs, frequencies[i]);
        }
        return new Statistics(idf, frequencies, averageWords, averageContext);
    }

    /** Lucene's BM25 idf: ln(1 + (N − df + 0.5) / (df + 0.5)). */
    private static double idf(long docs, long df) {
        return Math.log(1 + (docs - df + 0.5) / (df + 0.5));
    }

    /** A scope as SQL conditions on {@code e} with their parameters. */
    private record Scope(String sql, List<Object> parameters) {
        int bind(PreparedStatement p, int i) throws SQLException {
            for (Object value : parameters) {
                if (value instanceof Long[] longs) {
                    p.setArray(i++, p.getConnection().createArrayOf("bigint", longs));
                } else if (value == null) {
                    p.setNull(i++, Types.NULL);
                } else {
                    p.setObject(i++, value);
                }
            }
            return i;
        }
    }

    /**
     * The conditions of a scope; null when nothing can match. The kind is written into the SQL
     * (not bound) so that the planner can use that kind's partial HNSW index. A metadata test runs
     * in SQL when it can be said there ({@link SqlMetadataTest}); otherwise on the stored metadata
     * of the records that pass the other conditions.
     */
    private static Scope scope(Connection c, IndexScope scope) throws SQLException {
        StringBuilder sql = new StringBuilder("e.kind = '").append(scope.kind().code).append('\'');
        List<Object> parameters = new ArrayList<>();
        if (scope.userPk() != null) {
            sql.append(" AND e.user_pk = ?");
            parameters.add(scope.userPk());
        }
        if (scope.sessionPks() != null) {
            if (scope.sessionPks().isEmpty()) {
                return null;
            }
            sql.append(" AND e.session_pk = ANY (?)");
            parameters.add(scope.sessionPks().toArray(new Long[0]));
        }
        if (scope.from() != null) {
            sql.append(" AND e.created_at >= ?");
            parameters.add(scope.from());
        }
        if (scope.to() != null) {
            sql.append(" AND e.created_at <= ?");
            parameters.add(scope.to());
        }
        if (scope.kind().hasRating && scope.minRating() != null) {
            sql.append(" AND e.rating >= ?");
            parameters.add(scope.minRating());
        }
        if (scope.validOnly()) {
            sql.append(" AND NOT e.invalid");
        }
        if (scope.metadata() instanceof SqlMetadataTest test) {
            // In the database (jsonb_path_exists / jsonb_path_match), so nothing is read to filter.
            List<Object> paths = new ArrayList<>();
            String condition = test.sql("coalesce(e.metadata, '{}'::jsonb)", paths);
            if (condition != null) {
                parameters.addAll(paths);
                return new Scope(sql.append(" AND ").append(condition).toString(), parameters);
            }
        }
        Scope structured = new Scope(sql.toString(), parameters);
        if (scope.metadata() == null) {
            return structured;
        }
        Set<Long> passing = new LinkedHashSet<>();
        try (PreparedStatement p = c.prepareStatement("SELECT e.id, e.metadata::text FROM search_entries e WHERE " + structured.sql)) {
            structured.bind(p, 1);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    String json = r.getString(2);
                    Map<String, Object> metadata = json == null ? null : JsonText.readMap(json);
                    if (scope.metadata().test(metadata == null ? Map.of() : metadata)) {
                        passing.add(r.getLong(1));
                    }
                }
            }
        }
        if (passing.isEmpty()) {
            return null;
        }
        return new Scope("e.kind = '" + scope.kind().code + "' AND e.id = ANY (?)", List.of((Object) passing.toArray(new Long[0])));
    }
}
