package dev.engram.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The analysis chain the search index and the intelligence components share (plain unit tests). */
class TextAnalysisTest {

    @Test
    void splitsSentencesButNotDecimalsEmailsOrAbbreviations() {
        assertEquals(List.of("Hi, I'm Dr. Ada Lovelace.", "My budget is 450.50 euros!", "Mail ada@example.org?", "Thanks"),
                TextAnalysis.sentences("Hi, I'm Dr. Ada Lovelace. My budget is 450.50 euros! Mail ada@example.org? Thanks"));
        assertEquals(List.of("Hi, I am Ada.", "I moved to Lisbon, e.g. the old town!", "Nice?", "Yes"),
                TextAnalysis.sentences("Hi, I am Ada. I moved to Lisbon, e.g. the old town! Nice?\nYes"));
    }

    @Test
    void anExclamationOrQuestionBeforeACapitalEndsASentence() {
        assertEquals(List.of("Hi!", "I'm Ada."), TextAnalysis.sentences("Hi! I'm Ada."));
        assertEquals(List.of("Hi!", "Tell me about Paris."), TextAnalysis.sentences("Hi! Tell me about Paris."));
        assertEquals(List.of("Really?", "\"Great!\" she said."), TextAnalysis.sentences("Really? \"Great!\" she said."));
    }

    @Test
    void aLineBreakEndsASentence() {
        assertEquals(List.of("first line", "second line", "third"), TextAnalysis.sentences("first line\nsecond line\r\n\n  third"));
        assertEquals(List.of(), TextAnalysis.sentences("  "));
        assertEquals(List.of(), TextAnalysis.sentences(null));
    }

    @Test
    void sentencesAreSafeToSplitFromManyThreads() throws Exception {
        String text = "I moved to Lisbon last month. My sister lives in Porto! Do you know a good dentist?";
        List<String> expected = TextAnalysis.sentences(text);
        assertEquals(3, expected.size());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> TextAnalysis.sentences(text)));
            }
            for (Future<List<String>> result : results) {
                assertEquals(expected, result.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void inflectionsShareTheirTerm() {
        assertEquals(TextAnalysis.terms("night"), TextAnalysis.terms("nights"));
        assertEquals(TextAnalysis.terms("travel"), TextAnalysis.terms("travelling"));
        assertEquals(TextAnalysis.terms("book"), TextAnalysis.terms("booked"));
        assertEquals(TextAnalysis.terms("city"), TextAnalysis.terms("cities"));
        assertEquals(TextAnalysis.terms("dog"), TextAnalysis.terms("dog's"));
        assertEquals(TextAnalysis.terms("train box glass bus"), TextAnalysis.terms("trains boxes glass bus"));
    }

    @Test
    void wordsAreLowerCasedUnicodeWords() {
        assertEquals(List.of("don't", "book", "the", "9", "00", "train"), TextAnalysis.words("Don't book the 9:00 TRAIN!"));
        assertEquals(List.of("café", "lisboa"), TextAnalysis.words("Café Lisboa"));
        assertEquals(List.of("你", "好", "ok"), TextAnalysis.words("你好 ok"));
        assertTrue(TextAnalysis.words(null).isEmpty());
        assertTrue(TextAnalysis.words(" ,.;!").isEmpty());
    }

    @Test
    void surfaceWordsKeepTheirFormAndPlace() {
        String text = "I’m Ada, 450.50 euros 🎉 later";
        List<TextAnalysis.Word> words = TextAnalysis.surfaceWords(text);
        assertEquals(List.of("I’m", "Ada", "450.50", "euros", "later"), words.stream().map(TextAnalysis.Word::text).toList());
        for (TextAnalysis.Word word : words) {
            assertEquals(word.text(), text.substring(word.start(), word.end()));
        }
    }

    @Test
    void overlapCountsTheQuerysContentTermsFoundInTheText() {
        assertEquals(Set.of("mani", "night"), TextAnalysis.contentTerms("How many nights?"));
        assertEquals(0.5, TextAnalysis.overlap("How many nights?", "We stay 3 nights."));
        assertEquals(1.0, TextAnalysis.overlap("the zip code", "My ZIP code is 94103"));
        assertEquals(0.0, TextAnalysis.overlap("the", "the"));
    }

    @Test
    void chatStopWordsLeaveOutRoleNamesAndPoliteness() {
        assertEquals(Set.of("name"), TextAnalysis.CHAT.of("the user's name"));
        assertEquals(Set.of("name"), TextAnalysis.CHAT.of("the user’s name, please"));
        assertEquals(Set.of("name", "user"), TextAnalysis.ENGLISH.of("the user's name"));
        assertEquals(List.of("name", "dog"), TextAnalysis.CHAT.words("The name of the user's dog"));
        assertEquals(1.0, TextAnalysis.CHAT.overlap("the user's home city", "I live in the city, my home"));
        assertTrue(TextAnalysis.CHAT.isStopWord("the"));
        assertTrue(TextAnalysis.CHAT.isStopWord("i’m"));
        assertTrue(TextAnalysis.CHAT.isStopWord("thanks"));
        assertFalse(TextAnalysis.CHAT.isStopWord("lisbon"));
        assertFalse(TextAnalysis.ENGLISH.isStopWord("thanks"));
    }
}
