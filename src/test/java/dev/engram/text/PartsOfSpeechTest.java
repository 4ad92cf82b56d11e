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
}
