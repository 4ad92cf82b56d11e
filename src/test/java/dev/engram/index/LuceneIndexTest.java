package dev.engram.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lucene index on its own: word evidence, vectors, scopes and deletes (no server, no model). */
class LuceneIndexTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private LuceneStore store;
    private LuceneSearchIndex index;

    @BeforeEach
    void open() throws Exception {
        store = LuceneStore.open("memory");
        index = LuceneSearchIndex.over(store);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private void add(long id, long user, long session, String text, float[] vector) throws Exception {
        store.upsert(new IndexedRecord(RecordKind.MESSAGE, id, user, session, text, text, null, T0.plusMinutes(id), vector, null));
    }

    private void addAll(List<String> texts) throws Exception {
        for (int i = 0; i < texts.size(); i++) {
            add(i + 1, 1, 1, texts.get(i), null);
        }
        store.searchers.maybeRefresh();
    }

    private static IndexScope messages() {
        return new IndexScope(RecordKind.MESSAGE, null, null, null, null, null, null);
    }

    /** Word evidence of each text (by id 1..n), 0 for texts not found. */
    private double[] evidence(String query, int n) {
        double[] out = new double[n];
        for (IndexCandidate c : index.candidates(messages(), query, null, 100)) {
            out[(int) c.id() - 1] = c.lexical();
        }
        return out;
    }

    @Test
    void aRareTermOutweighsACommonOne() throws Exception {
        addAll(List.of("the train was late", "another train ride", "a train again", "we went to Sintra"));
        double[] s = evidence("train to Sintra", 4);
        assertTrue(s[3] > s[0] && s[3] > s[1] && s[3] > s[2], java.util.Arrays.toString(s));
    }

    @Test
    void anAnswerIsFoundByItsQuestionsWordsButBelowTheQuestion() throws Exception {
        String question = "Melanie: What did you research last week?";
        store.upsert(new IndexedRecord(RecordKind.MESSAGE, 1, 1, 1L, question, question, null, T0, null, null, false, null));
        store.upsert(new IndexedRecord(RecordKind.MESSAGE, 2, 1, 1L, "Caroline: Adoption agencies.", "Caroline: Adoption agencies.",
                null, T0.plusMinutes(1), null, null, false, question));
        add(3, 1, 1, "Caroline: I painted a lake.", null);
        store.searchers.maybeRefresh();
        double[] s = evidence("research", 3);
        assertTrue(s[1] > 0, "the answer holds the word only in its context: " + java.util.Arrays.toString(s));
        assertTrue(s[0] > s[1], "its own words weigh more than its context's: " + java.util.Arrays.toString(s));
        assertEquals(0, s[2]);
    }

    @Test
    void theExactPhraseBeatsTheSameWordsScattered() throws Exception {
        addAll(List.of("train weekend: by the trip we mean", "Find me a weekend trip by train.", "nothing relevant here"));
        double[] s = evidence("weekend trip by train", 3);
        assertTrue(s[1] > s[0], java.util.Arrays.toString(s));
        assertEquals(0, s[2]);
        assertTrue(s[1] <= 1 && s[0] >= 0);
    }

    @Test
    void quotedPhrasesCountToo() throws Exception {
        addAll(List.of("a seat by the window", "I want a window seat"));
        double[] s = evidence("booking \"window seat\" please", 2);
        assertTrue(s[1] > s[0], java.util.Arrays.toString(s));
    }

    @Test
    void pluralsMatchAndStopWordsDoNot() throws Exception {
        addAll(List.of("the cat is on the mat", "one train"));
        double[] s = evidence("the trains", 2);
        assertEquals(0, s[0]);
        assertTrue(s[1] > 0);
    }

    @Test
    void vectorsFindByMeaningWithinTheScopeOnly() throws Exception {
        add(1, 1, 10, "alpha", new float[] {1, 0, 0});
        add(2, 1, 10, "beta", new float[] {0, 1, 0});
        add(3, 2, 20, "gamma", new float[] {0.9f, 0.1f, 0});
        store.searchers.maybeRefresh();
        float[] query = {1, 0, 0};
        List<IndexCandidate> all = index.candidates(messages(), "zzz", query, 10);
        assertEquals(3, all.size());
        IndexCandidate best = all.stream().max(java.util.Comparator.comparingDouble(IndexCandidate::cosine)).orElseThrow();
        assertEquals(1, best.id());
        assertEquals(1.0, best.cosine(), 1e-5);

        IndexScope user2 = new IndexScope(RecordKind.MESSAGE, 2L, null, null, null, null, null);
        assertEquals(List.of(3L), index.candidates(user2, "alpha", query, 10).stream().map(IndexCandidate::id).toList());
        IndexScope session10 = new IndexScope(RecordKind.MESSAGE, null, List.of(10L), null, null, null, null);
        assertEquals(2, index.candidates(session10, "zzz", query, 10).size());
        IndexScope early = new IndexScope(RecordKind.MESSAGE, null, null, null, T0.plusMinutes(2), null, null);
        assertEquals(List.of(2L, 1L), index.newest(early, 10));
    }

    @Test
    void metadataFiltersReadStoredMetadata() throws Exception {
        for (int i = 1; i <= 4; i++) {
            String metadata = "{\"topic\":\"" + (i % 2 == 0 ? "travel" : "food") + "\"}";
            store.upsert(new IndexedRecord(RecordKind.MESSAGE, i, 1, 1L, "text " + i, "text " + i, metadata,
                    T0.plusMinutes(i), null, null));
        }
        store.searchers.maybeRefresh();
        IndexScope travel = new IndexScope(RecordKind.MESSAGE, null, null, null, null, null,
                m -> "travel".equals(m.get("topic")));
        assertEquals(List.of(4L, 2L), index.newest(travel, 10));
    }

    @Test
    void deletesBySessionAndUserAndAll() throws Exception {
        add(1, 1, 10, "one", null);
        add(2, 1, 11, "two", null);
        add(3, 2, 20, "three", null);
        store.upsert(new IndexedRecord(RecordKind.FACT, 1, 1, 10L, "fact one", "fact one", null, T0, null, 0.5));
        store.searchers.maybeRefresh();
        assertEquals(3, index.newest(messages(), 10).size());
        store.deleteSession(10);
        store.searchers.maybeRefresh();
        assertEquals(List.of(3L, 2L), index.newest(messages(), 10));
        assertEquals(0, index.newest(new IndexScope(RecordKind.FACT, null, null, null, null, null, null), 10).size(),
                "a session's facts go with it");
        store.deleteUser(1);
        store.searchers.maybeRefresh();
        assertEquals(List.of(3L), index.newest(messages(), 10));
        store.deleteAll();
        store.searchers.maybeRefresh();
        assertEquals(List.of(), index.newest(messages(), 10));
    }

    @Test
    void factsFilterByRating() throws Exception {
        Map<Long, Double> ratings = new HashMap<>();
        ratings.put(1L, 0.2);
        ratings.put(2L, 0.9);
        ratings.put(3L, null);
        for (Map.Entry<Long, Double> e : ratings.entrySet()) {
            store.upsert(new IndexedRecord(RecordKind.FACT, e.getKey(), 1, null, "fact", "fact", null, T0, null, e.getValue()));
        }
        store.searchers.maybeRefresh();
        IndexScope rated = new IndexScope(RecordKind.FACT, 1L, null, null, null, 0.5, null);
        assertEquals(List.of(2L), index.newest(rated, 10));
    }

    @Test
    void factsThatNoLongerHoldAreLeftOutOfValidScopes() throws Exception {
        float[] v = {1, 0, 0};
        store.upsert(new IndexedRecord(RecordKind.FACT, 1, 1, null, "Ada lives in Porto", "Ada lives in Porto", null, T0, v, null, true));
        store.upsert(new IndexedRecord(RecordKind.FACT, 2, 1, null, "Ada lives in Lisbon", "Ada lives in Lisbon", null, T0, v, null, false));
        store.searchers.maybeRefresh();
        assertEquals(List.of(2L), index.candidates(IndexScope.validFactsOf(1, null), null, v, 10).stream()
                .map(IndexCandidate::id).toList());
        assertEquals(2, index.candidates(new IndexScope(RecordKind.FACT, 1L, null, null, null, null, null), null, v, 10).size(),
                "a fact search still sees both");
    }

    @Test
    void wideVectorsAreAccepted() throws Exception {
        float[] wide = new float[1536];
        wide[0] = 1;
        add(1, 1, 1, "wide", wide);
        store.commit(Map.of(LuceneStore.CHECKPOINT, "1"));
        store.searchers.maybeRefresh();
        assertEquals(1, index.candidates(messages(), "nothing", wide, 5).size());
    }
}
