package dev.engram.index;

import dev.engram.common.JsonText;
import java.nio.ByteBuffer;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
    /** Looks up the meaning side of a search while the caller looks up its words. */
    private final ExecutorService lookups = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
            runnable -> {
                Thread thread = new Thread(runnable, "engram-search-lookup");
                thread.setDaemon(true);
                return thread;
            });

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
        lookups.shutdownNow();
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
        QueryTerms query = QueryTerms.of(text);
        Map<Long, Row> found = new LinkedHashMap<>();
        Plan plan = store.inTransaction(c -> {
            Plan p = plan(c, scope, query);
            if (p != null && !p.lookUpAtOnce(vector)) {
                if (p.bm25 != null) {
                    byWords(c, p, query, vector, perSignal, found);
                }
                if (vector != null) {
                    byMeaning(c, p, vector, perSignal, found);
                }
            }
            return p;
        });
        if (plan != null && plan.lookUpAtOnce(vector)) {
            // Both signals of a large scope, each on a connection of its own at the same time:
            // the search waits for the slower of the two, not for both one after the other. The
            // caller holds no connection while it waits, so searches cannot starve each other
            // of connections.
            CompletableFuture<Map<Long, Row>> meaning = CompletableFuture.supplyAsync(() -> store.inTransaction(c -> {
                planEachQuery(c);
                Map<Long, Row> rows = new LinkedHashMap<>();
                byMeaning(c, plan, vector, perSignal, rows);
                return rows;
            }), lookups);
            store.inTransaction(c -> {
                planEachQuery(c);
                byWords(c, plan, query, vector, perSignal, found);
                return null;
            });
            try {
                meaning.join().forEach(found::putIfAbsent);
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        if (plan == null) {
            return List.of();
        }
        double reference = plan.bm25 == null ? 0 : plan.bm25.reference();
        List<IndexCandidate> out = new ArrayList<>(found.size());
        for (Row row : found.values()) {
            double normalised = reference == 0 ? 0 : Math.min(1, row.bm25 / reference);
            out.add(new IndexCandidate(row.id, row.vector, row.cosine, query.evidence(normalised, row.words), row.text));
        }
        return out;
    }

    /**
     * A search's conditions, its terms' statistics and how many rows a narrow scope (a user,
     * sessions, records passing a metadata test) holds at most, counted up to
     * EXACT_SCAN_ROWS + 1 (every session: not counted); null when nothing can match.
     */
    private record Plan(Scope where, Bm25 bm25, long rows) {
        boolean exact() {
            return rows <= EXACT_SCAN_ROWS;
        }

        /**
         * Whether the search has both signals and they are worth looking up at the same time: a
         * user's messages (10,000) or every session take 20 to 40 ms each, where a session's or a
         * user's facts take a few, less than the second transaction and thread cost.
         */
        boolean lookUpAtOnce(float[] vector) {
            return bm25 != null && vector != null && rows > PARALLEL_ROWS;
        }
    }

    private Plan plan(Connection c, IndexScope scope, QueryTerms query) throws SQLException {
        planEachQuery(c);
        Scope where = scope(c, scope);
        if (where == null) {
            return null;
        }
        Bm25 bm25 = query.terms().isEmpty() ? null : bm25(c, scope.kind(), query);
        long rows = where.bounds != null ? scopeCounts.rows(c, where.bounds) : Long.MAX_VALUE;
        return new Plan(where, bm25, rows);
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

    /**
     * A search's statements are prepared once per connection and run with other values each
     * time, and after five runs PostgreSQL may keep one generic plan for them: a plan made
     * without knowing whether {@code session_pk = ANY (?)} holds 100 rows or the text query
     * 100,000. Such a plan searched one session by intersecting the word index's 175,000
     * matches with the session's 100 rows (184 ms, against 3 ms planned for the values), so a
     * search plans each of its queries for its own values (a fraction of a millisecond each).
     */
    private static void planEachQuery(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // And without JIT compilation: it paid 15 ms to compile a query that ran in 100.
            s.execute("SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL jit = off");
        }
    }

    /** A row matched by words, as scored before its other columns are read. */
    private record Scored(long id, double score) {
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

    /**
     * The columns every candidate query reads: what the ranking needs, the terms and lengths
     * that BM25 is computed from here ({@link Bm25}), then the cosine (when there is a query vector).
     */
    private static String columns(float[] vector) {
        String cosine = vector == null ? "NULL" : "1 - (e.embedding <=> CAST(? AS VECTOR))";
        return "e.id, e.words, e.text, vector_send(e.embedding), e.words_tsv::text, e.words_len, e.context_tsv::text, e.context_len, "
                + cosine;
    }

    /** Binds what {@link #columns} asks for; returns the next parameter index. */
    private static int bindColumns(PreparedStatement p, int i, float[] vector) throws SQLException {
        if (vector != null) {
            p.setString(i++, PgIndexStore.literal(vector));
        }
        return i;
    }

    /**
     * How many records the word query's first cut may reach, by the terms' document frequencies
     * (scaled by the scope's share of the kind when the scope was counted). Ranking scores every
     * row that the text query matches, so a query holding a word that half the records contain
     * would score half the table. The first cut therefore looks the records up by the query's
     * rarest terms only, as many as fit this budget together (always at least the rarest); the
     * terms left out still count in the score of every record found. What they alone would have
     * found scores low by BM25 anyway (a frequent term's idf is small) and is still reached by
     * meaning through the vector index.
     */
    static final long WORD_CANDIDATE_BUDGET = 10_000;

    /** The query terms the word query looks records up by (see {@link #WORD_CANDIDATE_BUDGET}). */
    static List<String> lookupTerms(List<String> terms, long[] df, long budget) {
        List<String> chosen = new ArrayList<>();
        long reach = 0;
        for (int i : rarestFirst(df)) {
            // A term in no record's words costs the lookup nothing (it may still be in a context).
            if (df[i] > 0 && reach > 0 && reach + df[i] > budget) {
                break;
            }
            chosen.add(terms.get(i));
            reach += df[i];
        }
        return chosen;
    }

    /** The terms' positions, the term of the smallest reach first. */
    private static List<Integer> rarestFirst(long[] reach) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < reach.length; i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparingLong(i -> reach[i]));
        return order;
    }

    /**
     * When even the rarest term of the query alone reaches more records than the budget, the
     * first cut looks up the records holding several terms together: first all of the query's
     * terms that are in any record's words, then without the most frequent of them, and so on
     * down to the two rarest, taking the first set that at least the records asked for hold;
     * otherwise (the rarest within the budget, or one term only) none. In a million messages,
     * "Kyoto" is in 57,000 (words or context), "Kyoto" with "sister" in 6,000. A record holding
     * fewer of the terms scores below most that hold them all (each term adds its idf), and is
     * still reached by meaning through the vector index. When no set is held by enough records,
     * the first cut falls back to the rarest term alone ({@link #lookupTerms}).
     */
    static List<List<String>> togetherTerms(List<String> terms, long[] reach, long budget) {
        List<Integer> present = rarestFirst(reach).stream().filter(i -> reach[i] > 0).toList();
        if (present.size() < 2 || reach[present.get(0)] <= budget) {
            return List.of();
        }
        List<List<String>> sets = new ArrayList<>();
        for (int size = present.size(); size >= 2; size--) {
            sets.add(present.subList(0, size).stream().map(terms::get).toList());
        }
        return sets;
    }

    /**
     * Rows by words, in two steps: the terms and lengths of every row of the scope that the
     * lookup terms match (nothing else of them), ranked by BM25 here; then the full columns of
     * the best {@code perSignal}. Ranking in SQL took about 50 µs a row (unnesting each row's
     * terms in a subquery); reading the terms and ranking them here is a few.
     */
    private void byWords(Connection c, Plan plan, QueryTerms query, float[] vector, int perSignal, Map<Long, Row> found)
            throws SQLException {
        Scope where = plan.where;
        Bm25 bm25 = plan.bm25;
        // The scope's share of the kind scales the terms' reach for the first cut (a user's
        // search reaches the user's share of a term's records, not all of them).
        double share = plan.exact() && bm25.docs > 0 ? Math.min(1, (double) plan.rows / bm25.docs) : 1;
        long[] reach = new long[bm25.df.length];
        for (int i = 0; i < reach.length; i++) {
            reach[i] = (long) Math.ceil(bm25.df[i] * share);
        }
        // A large user's rows holding the terms are found in the user-keyed word index; other
        // narrow scopes (sessions, id lists, a user's facts) are read whole and tested. The index
        // reads the terms' posting lists of every user (6 to 30 ms), a scan about 2.5 µs a row: a
        // user's 10,000 messages 24 ms scanned, 6 ms by the index; 1,000 facts 3 ms scanned, 31 ms
        // by the index.
        boolean scan = plan.exact() && !(where.byUser && plan.rows > USER_INDEX_ROWS && store.userWordIndexes());
        // A scope too large to scan has its first cut read at most the budget's rows.
        long readAtMost = plan.exact() ? Long.MAX_VALUE : WORD_CANDIDATE_BUDGET;
        List<Scored> scored = new ArrayList<>();
        for (List<String> together : togetherTerms(query.terms(), reach, WORD_CANDIDATE_BUDGET)) {
            scored = matches(c, where, bm25, scan, String.join(" & ", together.stream().map(PgIndexStore::quoted).toList()), readAtMost);
            if (scored.size() >= perSignal) {
                break;
            }
        }
        if (scored.size() < perSignal) {
            List<String> lookup = lookupTerms(query.terms(), reach, WORD_CANDIDATE_BUDGET);
            scored = matches(c, where, bm25, scan, String.join(" | ", lookup.stream().map(PgIndexStore::quoted).toList()), readAtMost);
        }
        scored.sort(java.util.Comparator.comparingDouble(Scored::score).thenComparingLong(Scored::id).reversed());
        Long[] best = scored.stream().limit(perSignal).map(Scored::id).toArray(Long[]::new);
        if (best.length == 0) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT " + columns(vector) + " FROM search_entries e WHERE e.kind = '"
                + where.kind + "' AND e.id = ANY (?)")) {
            int i = bindColumns(p, 1, vector);
            p.setArray(i, c.createArrayOf("bigint", best));
            read(p, bm25, found);
        }
    }

    /**
     * The id and BM25 score of the rows of the scope that the text query matches, at most
     * {@code readAtMost} of them. Past that many the rows read are the first the index yields,
     * not the best: a bound on what one search of a million records costs when its terms are
     * common and always found together ("learning the cello": 44,000 messages hold both), where
     * the rows left unread hold the same terms and reach the answer by meaning all the same.
     */
    private static List<Scored> matches(Connection c, Scope where, Bm25 bm25, boolean scan, String tsquery, long readAtMost)
            throws SQLException {
        List<Scored> scored = new ArrayList<>();
        String terms = "e.id, e.words_tsv, e.words_len, e.context_tsv, e.context_len";
        // A scope small enough to scan is read through its own b-tree and its rows tested one by
        // one ("OFFSET 0" keeps the planner from pushing the text test down): intersecting it
        // with the word index's matches reads the posting lists of common terms whole (a user's
        // 10,000 messages: 30 ms scanned, 143 ms intersected with 330,000 matches).
        String rows = scan ? "(SELECT " + terms + " FROM search_entries e WHERE " + where.sql + " OFFSET 0) e WHERE"
                : "search_entries e WHERE " + where.sql + " AND";
        try (PreparedStatement p = c.prepareStatement("SELECT e.id, e.words_tsv::text, e.words_len, e.context_tsv::text, e.context_len"
                + " FROM " + rows + " (e.words_tsv @@ CAST(? AS TSQUERY) OR e.context_tsv @@ CAST(? AS TSQUERY))"
                + (readAtMost == Long.MAX_VALUE ? "" : " LIMIT " + readAtMost))) {
            int i = where.bind(p, 1);
            p.setString(i++, tsquery);
            p.setString(i, tsquery);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    scored.add(new Scored(r.getLong(1), bm25.score(r.getString(2), r.getInt(3), r.getString(4), r.getInt(5))));
                }
            }
        }
        return scored;
    }

    /**
     * The nearest rows by meaning. A scope of at most {@link #EXACT_SCAN_ROWS} rows is read
     * whole through its b-tree index and sorted by distance (exact); a larger one walks the
     * kind's HNSW graph. The graph is the wrong tool for a narrow scope: a user holding 1 % of
     * the messages makes the walk pass over about a hundred rows for each one it keeps.
     */
    private void byMeaning(Connection c, Plan plan, float[] vector, int perSignal, Map<Long, Row> found) throws SQLException {
        Scope where = plan.where;
        Bm25 bm25 = plan.bm25;
        boolean exact = plan.exact();
        if (!exact) {
            try (Statement s = c.createStatement()) {
                // HNSW's candidate list must hold at least the rows asked for, and a scope that
                // filters most rows out keeps the scan going until enough pass (pgvector 0.8).
                s.execute("SET LOCAL hnsw.ef_search = " + Math.min(1000, Math.max(40, perSignal)));
                if (iterativeScan) {
                    s.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
                }
            }
        }
        // "+ 0" makes the order an expression the HNSW index cannot serve: the planner then
        // takes the scope's b-tree and a sort.
        String distance = exact ? "(e.embedding <=> CAST(? AS VECTOR)) + 0" : "e.embedding <=> CAST(? AS VECTOR)";
        // The nearest ids first, then the columns of those rows only (not of every row sorted).
        try (PreparedStatement p = c.prepareStatement("SELECT " + columns(vector) + " FROM search_entries e WHERE e.kind = '"
                + where.kind + "' AND e.id IN (SELECT e.id FROM search_entries e WHERE " + where.sql
                + " AND e.embedding IS NOT NULL ORDER BY " + distance + " LIMIT ?)")) {
            int i = bindColumns(p, 1, vector);
            i = where.bind(p, i);
            p.setString(i++, PgIndexStore.literal(vector));
            p.setInt(i, perSignal);
            read(p, bm25, found);
        }
        // Not yet embedded (the pipeline has not reached them): the caller embeds them.
        pending(c, where, bm25, perSignal, found);
    }

    /**
     * Scopes of at most this many rows are searched by meaning exactly ({@link #byMeaning}) and
     * by words through their own b-tree ({@link #byWords}).
     */
    static final long EXACT_SCAN_ROWS = 20_000;

    /** A user's scope of more rows than this is searched by words through the user-keyed word index. */
    static final long USER_INDEX_ROWS = 5_000;

    /** Scopes of more rows than this look up words and meaning at the same time ({@link Plan#lookUpAtOnce}). */
    static final long PARALLEL_ROWS = 2_000;

    /**
     * Narrow scopes' row counts (up to {@link #EXACT_SCAN_ROWS} + 1), remembered for
     * {@link #COUNT_REMEMBERED_NANOS}. A count only chooses how a scope is searched (exactly or
     * through the graph) and how far the word query's first cut reaches, so one a few seconds old
     * serves as well as a fresh one, and the count of a user's facts or messages (an index scan of
     * up to 20,000 entries, 3 to 6 ms when its pages are cold) is not paid by every request:
     * {@code memory.get} searches the same user's facts twice.
     */
    private final ScopeCounts scopeCounts = new ScopeCounts();

    static final long COUNT_REMEMBERED_NANOS = 30_000_000_000L;

    private static final class ScopeCounts {
        /** Past this many scopes the remembered counts are dropped (a bound, not a cache policy). */
        private static final int MAX_SCOPES = 10_000;

        private record Count(long rows, long countedAt) {
        }

        private final Map<String, Count> counts = new java.util.concurrent.ConcurrentHashMap<>();

        long rows(Connection c, Scope bounds) throws SQLException {
            String key = bounds.key();
            long now = System.nanoTime();
            Count known = counts.get(key);
            if (known != null && now - known.countedAt < COUNT_REMEMBERED_NANOS) {
                return known.rows;
            }
            long rows = scopeRows(c, bounds, EXACT_SCAN_ROWS + 1);
            if (counts.size() >= MAX_SCOPES) {
                counts.clear();
            }
            counts.put(key, new Count(rows, now));
            return rows;
        }
    }

    /** The rows of a scope, counted up to {@code limit} (an index-only count of the scope's b-tree). */
    private static long scopeRows(Connection c, Scope where, long limit) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM search_entries e WHERE " + where.sql
                + " LIMIT ?) s")) {
            int i = where.bind(p, 1);
            p.setLong(i, limit);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void pending(Connection c, Scope where, Bm25 bm25, int perSignal, Map<Long, Row> found) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + columns(null) + " FROM search_entries e WHERE "
                + where.sql + " AND e.embedding IS NULL LIMIT ?")) {
            int i = where.bind(p, 1);
            p.setInt(i, perSignal);
            read(p, bm25, found);
        }
    }

    private static void read(PreparedStatement p, Bm25 bm25, Map<Long, Row> found) throws SQLException {
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
                row.bm25 = bm25 == null ? 0 : bm25.score(r.getString(5), r.getInt(6), r.getString(7), r.getInt(8));
                double cosine = r.getDouble(9);
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

    /** BM25 for a query over a kind: its terms' document frequencies and the kind's average lengths. */
    private static Bm25 bm25(Connection c, RecordKind kind, QueryTerms query) throws SQLException {
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
        long[] frequencies = new long[query.terms().size()];
        for (int i = 0; i < frequencies.length; i++) {
            frequencies[i] = df.getOrDefault(query.terms().get(i), 0L);
        }
        return new Bm25(query.terms(), docs, frequencies, averageWords, averageContext);
    }

    /**
     * A scope as SQL conditions on {@code e} with their parameters.
     *
     * @param bounds for a narrow scope (a user, sessions, an id list), its conditions that its
     *               b-tree serves alone, so that counting its rows reads the index only; null for
     *               a search of every session
     * @param byUser whether the narrowest of the conditions is a user (no sessions, no id list)
     */
    private record Scope(String kind, String sql, List<Object> parameters, Scope bounds, boolean byUser) {
        Scope(String kind, String sql, List<Object> parameters, Scope bounds) {
            this(kind, sql, parameters, bounds, bounds != null && bounds.byUser);
        }

        /** The conditions and their values as one string (equal for equal scopes). */
        String key() {
            StringBuilder key = new StringBuilder(sql);
            for (Object value : parameters) {
                key.append('\u0000').append(value instanceof Long[] longs ? java.util.Arrays.toString(longs) : String.valueOf(value));
            }
            return key.toString();
        }

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
        Scope bounds = scope.userPk() != null || scope.sessionPks() != null
                ? new Scope(scope.kind().code, sql.toString(), List.copyOf(parameters), null, scope.sessionPks() == null) : null;
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
                return new Scope(scope.kind().code, sql.append(" AND ").append(condition).toString(), parameters, bounds);
            }
        }
        Scope structured = new Scope(scope.kind().code, sql.toString(), parameters, bounds);
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
        String ids = "e.kind = '" + scope.kind().code + "' AND e.id = ANY (?)";
        List<Object> idList = List.of((Object) passing.toArray(new Long[0]));
        return new Scope(scope.kind().code, ids, idList, new Scope(scope.kind().code, ids, idList, null));
    }
}
