package dev.engram.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartOfSpeechTest {

    @Test
    void tagsAndLemmas() {
        List<PartOfSpeech.Tagged> tagged = PartOfSpeech.tag("Ada went to Lisbon.");
        assertEquals(List.of("Ada", "went", "to", "Lisbon", "."), tagged.stream().map(PartOfSpeech.Tagged::token).toList());
        assertEquals("PROPN", tagged.get(0).tag());
        assertEquals("VERB", tagged.get(1).tag());
        assertEquals("go", tagged.get(1).lemma());
    }

    @Test
    void aBaseFormOpensAnImperative() {
        assertTrue(PartOfSpeech.tag("Keep it up!").get(0).baseVerb());
        assertFalse(PartOfSpeech.tag("Went to Porto.").get(0).baseVerb());
        assertFalse(PartOfSpeech.tag("Painting is fun.").get(0).baseVerb());
    }
}
