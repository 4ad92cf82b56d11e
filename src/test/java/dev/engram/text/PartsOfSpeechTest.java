package dev.engram.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartsOfSpeechTest {

    @Test
    void tagsAndLemmas() {
        List<PartsOfSpeech.Token> tagged = PartsOfSpeech.tag("Ada went to Lisbon.");
        assertEquals(List.of("Ada", "went", "to", "Lisbon", "."), tagged.stream().map(PartsOfSpeech.Token::text).toList());
        assertEquals("PROPN", tagged.get(0).tag());
        assertEquals("VERB", tagged.get(1).tag());
        assertEquals("go", tagged.get(1).lemma());
    }

    @Test
    void aBaseFormOpensAnImperative() {
        assertTrue(PartsOfSpeech.tag("Keep it up!").get(0).baseVerb());
        assertFalse(PartsOfSpeech.tag("Went to Porto.").get(0).baseVerb());
        assertFalse(PartsOfSpeech.tag("Painting is fun.").get(0).baseVerb());
    }

    @Test
    void contractionsStayOneTokenWithTheTagsOfTheirParts() {
        PartsOfSpeech.Token im = PartsOfSpeech.tag("I'm swamped with work.").get(0);
        assertEquals("I'm", im.text());
        assertEquals(List.of("PRON", "AUX"), List.of(im.tags()));
        assertEquals("be", im.lemmas()[1]);
    }

    @Test
    void slipsOnClosedWordClassesAreCorrected() {
        // the model tags "asthma" as a determiner and "a" as a conjunction in these sentences
        assertEquals("NOUN", PartsOfSpeech.tag("I was diagnosed with asthma last year.").get(4).tag());
        assertEquals("DET", PartsOfSpeech.tag("My goal is to give kids a loving home.").get(6).tag());
    }

    @Test
    void whatCannotBeASentenceIsNotTagged() {
        // 50,000 emoji without a space: the tokenizer's cost grows with the square of such a run.
        assertTrue(PartsOfSpeech.tag("\uD83D\uDE00".repeat(50_000)).isEmpty());
        assertTrue(PartsOfSpeech.tag("word ".repeat(1_000)).isEmpty());
        // A long URL is still a word.
        String url = "https://example.com/" + "a".repeat(150);
        assertEquals(url, PartsOfSpeech.tag("See " + url + " now.").get(1).text());
    }
}
