package dev.engram.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The small NLP helpers shared by the intelligence components (plain unit tests). */
class TextTest {

    @Test
    void splitsSentencesButNotDecimalsEmailsOrAbbreviations() {
        assertEquals(List.of("Hi, I'm Dr. Ada Lovelace.", "My budget is 450.50 euros!", "Mail ada@example.org?", "Thanks"),
                Sentences.split("Hi, I'm Dr. Ada Lovelace. My budget is 450.50 euros! Mail ada@example.org? Thanks"));
        assertEquals(List.of("first line", "second line"), Sentences.split("first line\nsecond line"));
        assertEquals(List.of(), Sentences.split("  "));
    }

    @Test
    void stemsInflectionsToTheSameWord() {
        assertEquals("night", Words.stem("nights"));
        assertEquals("travel", Words.stem("travelling"));
        assertEquals("book", Words.stem("booked"));
        assertEquals("city", Words.stem("cities"));
        assertEquals("dog", Words.stem("dog's"));
        assertEquals("class", Words.stem("class"));
    }

    @Test
    void overlapCountsTheQuerysContentWordsFoundInTheText() {
        assertEquals(Set.of("many", "night"), Words.contentStems("How many nights?"));
        assertEquals(0.5, Words.overlap("How many nights?", "We stay 3 nights."));
        assertEquals(1.0, Words.overlap("the zip code", "My ZIP code is 94103"));
        assertEquals(0.0, Words.overlap("the", "the"));
    }
}
