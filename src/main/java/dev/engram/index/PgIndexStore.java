package dev.engram.index;

import dev.engram.text.TextAnalysis;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * The index's copy of the records in PostgreSQL: one row per record in {@code search_entries},
 * with its analysed words as a {@code tsvector} (GIN-indexed) and its vector as a pgvector
 * {@code vector} (HNSW-indexed per kind). Shared by every replica on the database; like the
 * Lucene directory it is derived data, created here (not by the migrations, which both databases
 * share) and rebuilt from the records whenever the follower finds it unusable.
 *
 * <p>BM25 needs each term's document frequency and the kinds' average lengths, which PostgreSQL's
 * full-text search does not keep: a trigger keeps them in {@code search_terms} and
 * {@code search_stats} as rows change. Writers take one advisory lock per flush, so two replicas
 * following the same log never interleave their updates of those counters (no deadlocks).
 */
final class PgIndexStore implements IndexStore {

    private static final Logger LOG = Logger.getLogger(PgIndexStore.class);

    /** Bumped when the tables' layout changes: tables of another layout are rebuilt. */
    static final String FORMAT_VERSION = "pg-2";

    /** Serialises the index's writers across replicas (any constant; "engram-index" in ASCII). */
    static final long WRITE_LOCK = 0x656e6772616dL;

    /** How long the counting and index building at the end of a rebuild may take (six hours). */
    private static final int BULK_BUILD_TIMEOUT_SECONDS = 6 * 3600;

    /** Rows written in one statement batch. */
    private static final int FLUSH_AT = 500;

    /** PostgreSQL keeps at most 256 positions per lexeme; the positions here only count occurrences. */
    private static final int MAX_OCCURRENCES = 256;

    private final EntityManager em;
    private final int dimensions;
    private final int buildMemoryMegabytes;
    private final List<IndexedRecord> pending = new ArrayList<>();

    PgIndexStore(EntityManager em, int dimensions, int buildMemoryMegabytes) {
        this.em = em;
        this.dimensions = dimensions;
        this.buildMemoryMegabytes = buildMemoryMegabytes;
    }

    /**
     * Creates the tables when they are missing, or again when they hold vectors of another
     * length (another embedding model: everything is re-indexed anyway).
     */
    void createSchema() {
        // Building the user-keyed word indexes of an existing table takes a while (14 s for a
        // million records), not the default minute's share.
        inTransaction(BULK_BUILD_TIMEOUT_SECONDS, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + WRITE_LOCK + ")");
                // Under the lock: replicas starting together agree on the indexes.
                userWordIndexes = createBtreeGin(c);
                Integer existing = null;
                try (ResultSet r = s.executeQuery("SELECT atttypmod FROM pg_attribute WHERE attrelid = to_regclass('search_entries')"
                        + " AND attname = 'embedding'")) {
                    if (r.next()) {
                        existing = r.getInt(1);
                    }
                }
                if (existing != null && existing != dimensions) {
                    s.execute("DROP TABLE search_entries, search_terms, search_stats, search_state");
                }
                boolean upgrading = userWordIndexes && exists(c, "search_entries") && !exists(c, "search_entries_user_words");
                if (upgrading) {
                    LOG.info("search index: building the word indexes keyed by user (once, on an upgrade)");
                }
                for (String statement : schema(dimensions, userWordIndexes)) {
                    s.execute(statement);
                }
                if (userWordIndexes) {
                    // The word indexes of earlier versions, replaced by the user-keyed ones.
                    s.execute("DROP INDEX IF EXISTS search_entries_words, search_entries_context");
                }
            }
            return null;
        });
    }

    /**
     * Whether the word indexes hold the user too ({@code btree_gin}, shipped with PostgreSQL
     * and trusted, so a database owner may create it): a user's search then finds the user's
     * records holding a term inside one index (6 ms for a user's 10,000 messages of a million,
     * against 24 ms testing each of the user's rows and 140 ms intersecting the user's b-tree
     * with the term's 175,000 matches). Without it the single-column word indexes serve.
     */
    boolean userWordIndexes() {
        return userWordIndexes;
    }

    private volatile boolean userWordIndexes;

    private static boolean createBtreeGin(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SAVEPOINT btree_gin");
            try {
                s.execute("CREATE EXTENSION IF NOT EXISTS btree_gin");
                s.execute("RELEASE SAVEPOINT btree_gin");
                return true;
            } catch (SQLException e) {
                s.execute("ROLLBACK TO SAVEPOINT btree_gin");
                LOG.warnf("search index: the btree_gin extension could not be created (%s); a user's search by words then"
                        + " tests each of the user's records. A superuser can run CREATE EXTENSION btree_gin; in this database.",
                        e.getMessage());
                return false;
            }
        }
    }

    /** Whether a table or index of this name exists. */
    private static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    private static List<String> schema(int dimensions, boolean userWordIndexes) {
        List<String> sql = new ArrayList<>();
        sql.add("""
                CREATE TABLE IF NOT EXISTS search_entries (
                    kind        VARCHAR(16) NOT NULL,
                    id          BIGINT NOT NULL,
                    user_pk     BIGINT NOT NULL,
                    session_pk  BIGINT,
                    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
                    rating      DOUBLE PRECISION,
                    invalid     BOOLEAN NOT NULL,
                    metadata    JSONB,
                    words       TEXT NOT NULL,
                    text        TEXT NOT NULL,
                    words_tsv   TSVECTOR NOT NULL,
                    words_len   INTEGER NOT NULL,
                    context_tsv TSVECTOR,
                    context_len INTEGER NOT NULL,
                    embedding   VECTOR(%d),
                    PRIMARY KEY (kind, id))""".formatted(dimensions));
        // The vector in the row itself (its 1.5 KB would otherwise be moved out to the TOAST
        // table, which a search scanning a scope's rows reads again for every row: three buffer
        // reads a row instead of a share of one); the texts are moved out first when a row is long.
        sql.add("""
                DO $$ BEGIN
                    IF (SELECT attstorage FROM pg_attribute WHERE attrelid = 'search_entries'::regclass AND attname = 'embedding') <> 'm' THEN
                        ALTER TABLE search_entries ALTER COLUMN embedding SET STORAGE MAIN;
                    END IF;
                END $$""");
        sql.add("CREATE INDEX IF NOT EXISTS search_entries_user ON search_entries (kind, user_pk, created_at)");
        sql.add("CREATE INDEX IF NOT EXISTS search_entries_session ON search_entries (kind, session_pk, created_at)");
        sql.add("CREATE INDEX IF NOT EXISTS search_entries_created ON search_entries (kind, created_at)");
        // The records not embedded yet (searches take them by words meanwhile): few or none, so a
        // partial index finds them at once where a scan of the scope would read every row.
        sql.add("CREATE INDEX IF NOT EXISTS search_entries_unembedded ON search_entries (kind, user_pk, created_at)"
                + " WHERE embedding IS NULL");
        sql.addAll(searchIndexes(userWordIndexes));
        sql.add("""
                CREATE TABLE IF NOT EXISTS search_terms (
                    kind VARCHAR(16) NOT NULL,
                    term TEXT NOT NULL,
                    df   BIGINT NOT NULL,
                    PRIMARY KEY (kind, term))""");
        sql.add("""
                CREATE TABLE IF NOT EXISTS search_stats (
                    kind         VARCHAR(16) PRIMARY KEY,
                    docs         BIGINT NOT NULL,
                    words_len    BIGINT NOT NULL,
                    context_docs BIGINT NOT NULL,
                    context_len  BIGINT NOT NULL)""");
        sql.add("CREATE TABLE IF NOT EXISTS search_state (name VARCHAR(32) PRIMARY KEY, value TEXT NOT NULL)");
        sql.add("""
                CREATE OR REPLACE FUNCTION search_entries_counts() RETURNS trigger AS $$
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        UPDATE search_terms SET df = df - 1
                            WHERE kind = OLD.kind AND term = ANY (tsvector_to_array(OLD.words_tsv));
                        UPDATE search_stats SET docs = docs - 1, words_len = words_len - OLD.words_len,
                                context_docs = context_docs - (CASE WHEN OLD.context_tsv IS NULL THEN 0 ELSE 1 END),
                                context_len = context_len - OLD.context_len
                            WHERE kind = OLD.kind;
                    END IF;
                    IF TG_OP IN ('UPDATE', 'INSERT') THEN
                        INSERT INTO search_terms (kind, term, df)
                            SELECT NEW.kind, t, 1 FROM unnest(tsvector_to_array(NEW.words_tsv)) AS t ORDER BY t
                            ON CONFLICT (kind, term) DO UPDATE SET df = search_terms.df + 1;
                        INSERT INTO search_stats (kind, docs, words_len, context_docs, context_len)
                            VALUES (NEW.kind, 1, NEW.words_len, CASE WHEN NEW.context_tsv IS NULL THEN 0 ELSE 1 END, NEW.context_len)
                            ON CONFLICT (kind) DO UPDATE SET docs = search_stats.docs + 1,
                                words_len = search_stats.words_len + EXCLUDED.words_len,
                                context_docs = search_stats.context_docs + EXCLUDED.context_docs,
                                context_len = search_stats.context_len + EXCLUDED.context_len;
                    END IF;
                    RETURN NULL;
                END $$ LANGUAGE plpgsql""");
        sql.add("DROP TRIGGER IF EXISTS search_entries_counts ON search_entries");
        sql.add("CREATE TRIGGER search_entries_counts AFTER INSERT OR UPDATE OR DELETE ON search_entries"
                + " FOR EACH ROW EXECUTE FUNCTION search_entries_counts()");
        return sql;
    }

    /**
     * The word and vector indexes: the costly ones to keep up row by row, so a rebuild drops
     * them and builds them once after the rows ({@link #beginBulkLoad}).
     */
    private static List<String> searchIndexes(boolean userWordIndexes) {
        List<String> sql = new ArrayList<>();
        if (userWordIndexes) {
            // A GIN index of several columns serves a condition on any of them: searches of
            // every session use these too.
            sql.add("CREATE INDEX IF NOT EXISTS search_entries_user_words ON search_entries USING gin (user_pk, words_tsv)");
            sql.add("CREATE INDEX IF NOT EXISTS search_entries_user_context ON search_entries USING gin (user_pk, context_tsv)");
        } else {
            sql.add("CREATE INDEX IF NOT EXISTS search_entries_words ON search_entries USING gin (words_tsv)");
            sql.add("CREATE INDEX IF NOT EXISTS search_entries_context ON search_entries USING gin (context_tsv)");
        }
        for (RecordKind kind : RecordKind.values()) {
            // One graph per kind (partial index): a search of facts never walks the messages' graph.
            sql.add("CREATE INDEX IF NOT EXISTS " + vectorIndex(kind) + " ON search_entries USING hnsw"
                    + " (embedding vector_cosine_ops) WHERE kind = '" + kind.code + "'");
        }
        return sql;
    }

    private static String vectorIndex(RecordKind kind) {
        return "search_entries_vector_" + kind.code;
    }

    /**
     * A rebuild loads the rows without the word and vector indexes and without the trigger that
     * counts terms: inserting into an HNSW graph and a GIN index row by row, and updating the
     * term counts per row, is what made a rebuild of a million records take over an hour.
     * Searches meanwhile still answer, from a partial copy, as during any rebuild.
     */
    @Override
    public void beginBulkLoad() {
        flush();
        inTransaction(c -> {
            lock(c);
            try (Statement s = c.createStatement()) {
                s.execute("DROP INDEX IF EXISTS search_entries_words, search_entries_context, search_entries_user_words,"
                        + " search_entries_user_context");
                for (RecordKind kind : RecordKind.values()) {
                    s.execute("DROP INDEX IF EXISTS " + vectorIndex(kind));
                }
                s.execute("ALTER TABLE search_entries DISABLE TRIGGER search_entries_counts");
            }
            return null;
        });
    }

    /**
     * Counts the terms and lengths of every row in one pass, builds the word and vector indexes
     * and turns the counting trigger on again, in one transaction under the writers' lock, so no
     * write of another replica falls between the count and the trigger. The indexes are built
     * with {@code engram.search.pg-build-memory} of maintenance memory: an HNSW graph that does
     * not fit is built far more slowly.
     */
    @Override
    public void endBulkLoad() {
        flush();
        // Building the graphs of a million vectors takes many minutes, not the default minute.
        inTransaction(BULK_BUILD_TIMEOUT_SECONDS, c -> {
            lock(c);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL maintenance_work_mem = '" + buildMemoryMegabytes + "MB'");
                s.execute("DELETE FROM search_terms");
                s.execute("DELETE FROM search_stats");
                s.execute("""
                        INSERT INTO search_terms (kind, term, df)
                            SELECT e.kind, t, count(*) FROM search_entries e, unnest(tsvector_to_array(e.words_tsv)) AS t
                            GROUP BY e.kind, t""");
                s.execute("""
                        INSERT INTO search_stats (kind, docs, words_len, context_docs, context_len)
                            SELECT kind, count(*), sum(words_len), count(context_tsv), sum(context_len)
                            FROM search_entries GROUP BY kind""");
                for (String statement : searchIndexes(userWordIndexes)) {
                    s.execute(statement);
                }
                s.execute("ALTER TABLE search_entries ENABLE TRIGGER search_entries_counts");
                // The planner's statistics of the tables just filled: without them it chose plans
                // for an empty table, and right after a rebuild of 1,000,000 records memory.get
                // took 541 ms at the median (25 ms once autovacuum had analyzed them, minutes later).
                s.execute("ANALYZE search_entries, search_terms, search_stats");
            }
            return null;
        });
    }

    @Override
    public String location() {
        return "PostgreSQL table search_entries";
    }

    @Override
    public String formatVersion() {
        return FORMAT_VERSION;
    }

    @Override
    public synchronized void upsert(IndexedRecord record) {
        pending.add(record);
        if (pending.size() >= FLUSH_AT) {
            flush();
        }
    }

    @Override
    public void delete(RecordKind kind, long id) {
        write("DELETE FROM search_entries WHERE kind = '" + kind.code + "' AND id = " + id);
    }

    @Override
    public void deleteSession(long sessionPk) {
        write("DELETE FROM search_entries WHERE session_pk = " + sessionPk);
    }

    @Override
    public void deleteUser(long userPk) {
        write("DELETE FROM search_entries WHERE user_pk = " + userPk);
    }

    @Override
    public void deleteAll() {
        write("TRUNCATE search_entries, search_terms, search_stats");
    }

    @Override
    public void refresh() {
        flush();
    }

    @Override
    public Map<String, String> committed() {
        return inTransaction(c -> {
            Map<String, String> data = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT name, value FROM search_state")) {
                while (r.next()) {
                    data.put(r.getString(1), r.getString(2));
                }
            }
            return data;
        });
    }

    @Override
    public void commit(Map<String, String> data) {
        flush();
        inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO search_state (name, value) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value")) {
                for (Map.Entry<String, String> e : data.entrySet()) {
                    p.setString(1, e.getKey());
                    p.setString(2, e.getValue());
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void close() {
        flush();
    }

    /** Writes the buffered upserts, in order (a delete flushes them first, so order is kept). */
    synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<IndexedRecord> batch = new ArrayList<>(pending);
        pending.clear();
        inTransaction(c -> {
            lock(c);
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO search_entries (kind, id, user_pk, session_pk, created_at, rating, invalid, metadata, words, text,
                        words_tsv, words_len, context_tsv, context_len, embedding)
                    VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB), ?, ?, CAST(? AS TSVECTOR), ?, CAST(? AS TSVECTOR), ?, CAST(? AS VECTOR))
                    ON CONFLICT (kind, id) DO UPDATE SET user_pk = EXCLUDED.user_pk, session_pk = EXCLUDED.session_pk,
                        created_at = EXCLUDED.created_at, rating = EXCLUDED.rating, invalid = EXCLUDED.invalid,
                        metadata = EXCLUDED.metadata, words = EXCLUDED.words, text = EXCLUDED.text,
                        words_tsv = EXCLUDED.words_tsv, words_len = EXCLUDED.words_len, context_tsv = EXCLUDED.context_tsv,
                        context_len = EXCLUDED.context_len, embedding = EXCLUDED.embedding""")) {
                for (IndexedRecord r : latestOfEach(batch)) {
                    Terms words = Terms.of(r.words());
                    Terms context = r.context() == null ? null : Terms.of(r.context());
                    p.setString(1, r.kind().code);
                    p.setLong(2, r.id());
                    p.setLong(3, r.userPk());
                    if (r.sessionPk() == null) {
                        p.setNull(4, Types.BIGINT);
                    } else {
                        p.setLong(4, r.sessionPk());
                    }
                    p.setObject(5, r.createdAt());
                    if (r.rating() == null) {
                        p.setNull(6, Types.DOUBLE);
                    } else {
                        p.setDouble(6, r.rating());
                    }
                    p.setBoolean(7, r.invalid());
                    p.setString(8, r.metadata());
                    p.setString(9, r.words());
                    p.setString(10, r.text());
                    p.setString(11, words.tsvector());
                    p.setInt(12, words.length());
                    p.setString(13, context == null ? null : context.tsvector());
                    p.setInt(14, context == null ? 0 : context.length());
                    p.setString(15, r.vector() == null || r.vector().length != dimensions ? null : literal(r.vector()));
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    /** A record changed twice in one batch is written once, as it was last read (one row may not be upserted twice in a statement batch's lock order). */
    private static List<IndexedRecord> latestOfEach(List<IndexedRecord> batch) {
        Map<String, IndexedRecord> latest = new LinkedHashMap<>();
        for (IndexedRecord r : batch) {
            String key = r.kind().code + ":" + r.id();
            latest.remove(key);
            latest.put(key, r);
        }
        return new ArrayList<>(latest.values());
    }

    private void write(String sql) {
        flush();
        inTransaction(c -> {
            lock(c);
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }

    private static void lock(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + WRITE_LOCK + ")");
        }
    }

    /** pgvector's text form of a vector: {@code [0.1,0.2,…]}. */
    static String literal(float[] vector) {
        StringBuilder b = new StringBuilder(vector.length * 11).append('[');
        for (int i = 0; i < vector.length; i++) {
            b.append(i == 0 ? "" : ",").append(vector[i]);
        }
        return b.append(']').toString();
    }

    /**
     * A text's analysed terms (the chain the Lucene index uses, {@link TextAnalysis#terms}) as a
     * {@code tsvector}: each term once, with as many positions as it occurs (PostgreSQL's own
     * parser and stemmer are not used, so both indexes see the same terms).
     */
    record Terms(String tsvector, int length) {

        static Terms of(String text) {
            List<String> terms = TextAnalysis.terms(text);
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String term : terms) {
                counts.merge(term, 1, Integer::sum);
            }
            StringBuilder b = new StringBuilder();
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                b.append(b.isEmpty() ? "" : " ").append(quoted(e.getKey())).append(':');
                int occurrences = Math.min(MAX_OCCURRENCES, e.getValue());
                for (int i = 1; i <= occurrences; i++) {
                    b.append(i == 1 ? "" : ",").append(i);
                }
            }
            return new Terms(b.toString(), terms.size());
        }
    }

    /** A lexeme in tsvector/tsquery input syntax. */
    static String quoted(String term) {
        return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs on the connection of a transaction of its own (the application's datasource, whichever it is). */
    <T> T inTransaction(SqlWork<T> work) {
        return inTransaction(0, work);
    }

    /** The same, with a timeout of its own in seconds (0: the default, a minute). */
    <T> T inTransaction(int timeoutSeconds, SqlWork<T> work) {
        return QuarkusTransaction.requiringNew().timeout(timeoutSeconds).call(() -> em.unwrap(Session.class).doReturningWork(c -> {
            try {
                return work.run(c);
            } catch (SQLException e) {
                throw new UncheckedIOException(new IOException("search index (PostgreSQL): " + e.getMessage(), e));
            }
        }));
    }
}
