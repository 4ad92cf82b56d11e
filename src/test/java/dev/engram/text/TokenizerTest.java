package dev.engram.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    @Test
    void splitsOnPunctuationAndLowerCases() {
        assertEquals(List.of("don", "t", "book", "the", "9", "00", "train"), Tokenizer.words("Don't book the 9:00 TRAIN!"));
    }

    @Test
    void normalisesUnicodeAndKeepsAccentedWords() {
        assertEquals(List.of("café", "fi", "lisboa"), Tokenizer.words("Café \uFB01 Lisboa")); // the fi ligature becomes two letters
        assertEquals(List.of("ça", "va"), Tokenizer.words("ça va?"));
    }

    @Test
    void ideographsAreWordsOfTheirOwn() {
        assertEquals(List.of("你", "好", "ok"), Tokenizer.words("你好 ok"));
    }

    @Test
    void stemsPluralsLightly() {
        assertEquals(List.of("train", "city", "box", "glass", "bus", "this"), Tokenizer.terms("trains cities boxes glass bus this"));
        assertEquals("sintra", Tokenizer.stem("sintra"));
    }

    @Test
    void emptyAndNullHaveNoWords() {
        assertTrue(Tokenizer.words(null).isEmpty());
        assertTrue(Tokenizer.words(" ,.;!").isEmpty());
    }

    @Test
    void stopWords() {
        assertTrue(StopWords.isStopWord("the"));
        assertFalse(StopWords.isStopWord("lisbon"));
    }
}
