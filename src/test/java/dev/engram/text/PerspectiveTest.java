package dev.engram.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PerspectiveTest {

    @Test
    void namedSubjectTakesThirdPersonSingularVerbs() {
        Perspective.Subject ada = Perspective.Subject.named("Ada");
        assertEquals("Ada works as a nurse and Ada's sister visits Ada often.",
                Perspective.rewrite("I work as a nurse and my sister visits me often.", ada));
        assertEquals("Ada is tired, Ada has been busy and Ada really enjoys it.",
                Perspective.rewrite("I'm tired, I've been busy and I really enjoy it.", ada));
        assertEquals("Ada moved to Lisbon and Ada goes to work by train.",
                Perspective.rewrite("I moved to Lisbon and I go to work by train.", ada));
        assertEquals("Ada doesn't eat meat.", Perspective.rewrite("I don't eat meat.", ada));
    }

    @Test
    void reportedSpeechUsesTheyWithPluralAgreement() {
        assertEquals("They are a nurse and they were in Porto with their sister.",
                Perspective.rewrite("I am a nurse and I was in Porto with my sister.", Perspective.Subject.they()));
    }

    @Test
    void curlyApostrophesNumbersAndPunctuationStayAsWritten() {
        assertEquals("Ada's 2 cats are called Tom and Ida, Ada said: Ada is 34!",
                Perspective.rewrite("My 2 cats are called Tom and Ida, I said: I’m 34!", Perspective.Subject.named("Ada")));
    }

    @Test
    void tokensAreEstimated() {
        assertEquals(6, Tokens.estimate("Ada lives in Lisbon today."));
    }
}
