package dev.engram.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The first cut of PostgreSQL's word query: which terms it looks records up by. */
class WordLookupTermsTest {

    @Test
    void theRarestTermsThatFitTheBudgetAreLookedUp() {
        List<String> terms = List.of("yesterday", "pottery", "caroline", "class");
        long[] df = {90_000, 300, 12_000, 40_000};
        assertEquals(List.of("pottery", "caroline"), PgSearchIndex.lookupTerms(terms, df, 20_000));
    }

    @Test
    void theRarestTermIsLookedUpEvenWhenItAloneExceedsTheBudget() {
        assertEquals(List.of("today"), PgSearchIndex.lookupTerms(List.of("today", "said"), new long[] {50_000, 200_000}, 20_000));
    }

    @Test
    void termsInNoRecordCostNothingAndEveryTermFitsAnUnlimitedBudget() {
        List<String> terms = List.of("zyzzyva", "walk", "dog");
        long[] df = {0, 30_000, 25_000};
        assertEquals(List.of("zyzzyva", "dog"), PgSearchIndex.lookupTerms(terms, df, 20_000));
        assertEquals(List.of("zyzzyva", "dog", "walk"), PgSearchIndex.lookupTerms(terms, df, Long.MAX_VALUE));
    }

    @Test
    void whenEvenTheRarestTermReachesTooFarTermsAreLookedUpTogetherFromAllDownToTheTwoRarest() {
        List<String> terms = List.of("go", "kyoto", "sister", "zyzzyva");
        assertEquals(List.of(List.of("kyoto", "sister", "go"), List.of("kyoto", "sister")),
                PgSearchIndex.togetherTerms(terms, new long[] {97_000, 57_000, 64_000, 0}, 20_000));
        // A term in no record's words takes no part; one term alone has nothing to go with.
        assertEquals(List.of(), PgSearchIndex.togetherTerms(List.of("zyzzyva", "kyoto"), new long[] {0, 57_000}, 20_000));
        // The rarest within the budget: looked up alone or with others (lookupTerms), not together.
        assertEquals(List.of(), PgSearchIndex.togetherTerms(List.of("go", "kyoto", "sister"), new long[] {97_000, 12_000, 44_000}, 20_000));
    }
}
