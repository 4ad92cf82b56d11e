package dev.engram.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.ApiTestSupport;
import dev.engram.embedding.Embedder;
import dev.engram.session.SessionEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A rebuild of the PostgreSQL index loads its rows without the word and vector indexes and the
 * term-counting trigger, then counts and builds once ({@link PgIndexStore#beginBulkLoad}): the
 * counts it ends with must be the ones the trigger keeps row by row, and the indexes and the
 * trigger must be back. Runs in the PostgreSQL suite (`make test-pg`); skipped on H2.
 */
@QuarkusTest
class PgBulkLoadTest extends ApiTestSupport {

    @Inject
    SearchIndexes indexes;

    @Inject
    Embedder embedder;

    @Test
    void aBulkLoadEndsWithTheTriggersCountsItsIndexesAndItsTrigger() throws Exception {
        Assumptions.assumeTrue(indexes.chosen() instanceof PgSearchIndex, "the PostgreSQL search index only");
        PgIndexStore store = ((PgSearchIndex) indexes.chosen()).store();
        String sessionId = createSession();
        addMessages(sessionId, List.of(message("user", "I adopted two cats from the shelter in Porto."),
                message("assistant", "Cats from a shelter: what are their names?"),
                message("user", "Miso and Tofu, and the shelter's volunteers were lovely.")));
        awaitProcessed(sessionId);
        indexes.chosen().awaitCurrent(10_000);

        assertEquals(recount(store), kept(store), "the trigger's counts before the bulk load");
        store.beginBulkLoad();
        try {
            assertFalse(indexNames(store).contains("search_entries_vector_message"));
            assertEquals("D", trigger(store), "the counting trigger is off while loading");
        } finally {
            store.endBulkLoad();
        }
        // The test database's role may create btree_gin: the word indexes are keyed by user.
        assertTrue(store.userWordIndexes(), "btree_gin created");
        assertTrue(indexNames(store).containsAll(List.of("search_entries_user_words", "search_entries_user_context",
                "search_entries_vector_message", "search_entries_vector_fact", "search_entries_vector_summary")));
        assertFalse(indexNames(store).contains("search_entries_words"), "the single-column word index is replaced");
        assertEquals("O", trigger(store), "the counting trigger is on again");
        assertEquals(recount(store), kept(store), "the counts after the bulk load");
        // Searches find by words and by meaning again.
        String top = api().body(Map.of("text", "Miso Tofu")).queryParam("limit", 1)
                .post("/api/v2/sessions/{id}/search", sessionId).then().statusCode(200)
                .extract().jsonPath().getString("[0].message.content");
        assertEquals("Miso and Tofu, and the shelter's volunteers were lovely.", top);
        Long sessionPk = QuarkusTransaction.requiringNew().call(() -> SessionEntity.findBySessionId(sessionId).orElseThrow().id);
        List<IndexCandidate> byMeaning = indexes.chosen().candidates(new IndexScope(RecordKind.MESSAGE, null, List.of(sessionPk),
                null, null, null, null), null, embedder.embedQuery("pets"), 3);
        assertEquals(3, byMeaning.size());
        byMeaning.forEach(c -> assertFalse(Double.isNaN(c.cosine()), "found by meaning: message #" + c.id()));
    }

    /** The counts in search_terms and search_stats, read under the writers' lock. */
    private static Map<String, Long> kept(PgIndexStore store) {
        return store.inTransaction(c -> {
            lock(c);
            Map<String, Long> counts = new TreeMap<>();
            try (Statement s = c.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT kind, term, df FROM search_terms WHERE df > 0")) {
                    while (r.next()) {
                        counts.put(r.getString(1) + " df " + r.getString(2), r.getLong(3));
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT kind, docs, words_len, context_docs, context_len FROM search_stats WHERE docs > 0")) {
                    while (r.next()) {
                        stats(counts, r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5));
                    }
                }
            }
            return counts;
        });
    }

    /** The same counts made here from the rows themselves. */
    private static Map<String, Long> recount(PgIndexStore store) {
        return store.inTransaction(c -> {
            lock(c);
            Map<String, Long> counts = new TreeMap<>();
            Map<String, long[]> stats = new TreeMap<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT kind, tsvector_to_array(words_tsv), words_len, context_tsv IS NOT NULL, context_len"
                         + " FROM search_entries")) {
                while (r.next()) {
                    String kind = r.getString(1);
                    Array terms = r.getArray(2);
                    for (Object term : (Object[]) terms.getArray()) {
                        counts.merge(kind + " df " + term, 1L, Long::sum);
                    }
                    long[] s4 = stats.computeIfAbsent(kind, k -> new long[4]);
                    s4[0]++;
                    s4[1] += r.getLong(3);
                    s4[2] += r.getBoolean(4) ? 1 : 0;
                    s4[3] += r.getLong(5);
                }
            }
            stats.forEach((kind, s4) -> stats(counts, kind, s4[0], s4[1], s4[2], s4[3]));
            return counts;
        });
    }

    private static void stats(Map<String, Long> counts, String kind, long docs, long wordsLen, long contextDocs, long contextLen) {
        counts.put(kind + " docs", docs);
        counts.put(kind + " words_len", wordsLen);
        counts.put(kind + " context_docs", contextDocs);
        counts.put(kind + " context_len", contextLen);
    }

    private static List<String> indexNames(PgIndexStore store) {
        return store.inTransaction(c -> {
            List<String> names = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename = 'search_entries'")) {
                while (r.next()) {
                    names.add(r.getString(1));
                }
            }
            return names;
        });
    }

    private static String trigger(PgIndexStore store) {
        return store.inTransaction(c -> {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT tgenabled FROM pg_trigger WHERE tgname = 'search_entries_counts'")) {
                r.next();
                return r.getString(1);
            }
        });
    }

    private static void lock(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + PgIndexStore.WRITE_LOCK + ")");
        }
    }
}
