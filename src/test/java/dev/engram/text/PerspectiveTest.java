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
        assertEquals("Ada wants to start a studio and Ada has to find a place; Ada is gonna do it.",
                Perspective.rewrite("I wanna start a studio and I gotta find a place; I'm gonna do it.", ada));
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
    void firstPersonPluralBecomesThey() {
        assertEquals("They went camping with their kids and it was great for them; they're back in the US now.",
                Perspective.rewritePlural("We went camping with our kids and it was great for us; we’re back in the US now."));
        assertEquals("They loved it.", Perspective.rewritePlural("We loved it."));
    }

    @Test
    void thePersonSpokenToIsNamed() {
        Perspective.Subject ada = Perspective.Subject.named("Ada");
        assertEquals("Ada is a great painter and Ada's sister told me Ada was in Porto.",
                Perspective.rewriteAddressee("You are a great painter and your sister told me you were in Porto.", ada));
        assertEquals("I told Ada about it; Ada has been there and Ada will love it.",
                Perspective.rewriteAddressee("I told you about it; you've been there and you’ll love it.", ada));
    }

    @Test
    void theNameComesFirstAndAPronounAfter() {
        assertEquals("Ada told their sister they were moving and they really like it.",
                Perspective.rewrite("I told my sister I was moving and I really like it.", Perspective.Subject.named("Ada"),
                        Perspective.Subject.they()));
        assertEquals("Ada works as a nurse and their sister visits them often.",
                Perspective.rewrite("I work as a nurse and my sister visits me often.", Perspective.Subject.named("Ada"),
                        Perspective.Subject.they()));
    }

    @Test
    void tokensAreEstimated() {
        assertEquals(6, Tokens.estimate("Ada lives in Lisbon today."));
    }
}
