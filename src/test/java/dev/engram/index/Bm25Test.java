package dev.engram.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PostgreSQL index's BM25, scored from the rows' tsvector text ({@link Bm25}). */
class Bm25Test {

    @Test
    void aTsvectorsLexemesAreCountedByTheirPositions() {
        assertEquals(Map.of("go", 1, "lisbon", 3, "it's", 2, "back\\slash", 1, "bare", 1),
                Bm25.occurrences("'back\\\\slash':4 'bare' 'go':1 'it''s':2,7 'lisbon':3,5A,9"));
        assertEquals(Map.of(), Bm25.occurrences(""));
    }

    @Test
    void theScoreIsLucenesBm25OfTheWordsPlusTheContextAtItsWeight() {
        // 1,000 records; "lisbon" in 10 of them, "sister" in 100; average lengths 8 and 16.
        Bm25 bm25 = new Bm25(List.of("lisbon", "sister"), 1000, new long[] {10, 100}, 8, 16);
        double idfLisbon = Math.log(1 + (1000 - 10 + 0.5) / (10 + 0.5));
        double idfSister = Math.log(1 + (1000 - 100 + 0.5) / (100 + 0.5));
        double k1 = LuceneSearchIndex.K1;
        double b = LuceneSearchIndex.B;
        double words = idfLisbon * 2 / (2 + k1 * (1 - b + b * 4 / 8.0));
        double context = idfSister * 1 / (1 + k1 * (1 - b + b * 16 / 16.0));
        assertEquals(words + LuceneSearchIndex.CONTEXT_WEIGHT * context,
                bm25.score("'go':3 'lisbon':1,4", 4, "'sister':2 'went':1", 16), 1e-9);
        assertEquals(0, bm25.score("'go':1", 1, null, 0));
        assertEquals((idfLisbon + idfSister) / (1 + k1), bm25.reference(), 1e-9);
    }
}
