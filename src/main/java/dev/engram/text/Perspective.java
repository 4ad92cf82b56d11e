package dev.engram.text;

import java.util.Locale;
import java.util.Set;

/**
 * Rewrites what someone said about themselves ("I moved to Lisbon, my sister lives here") from
 * a reporter's point of view ("Ada moved to Lisbon, Ada's sister lives here" or, in reported
 * speech, "they moved to Lisbon, their sister lives here"). Verbs right after the subject are
 * made to agree with it ("I work" → "Ada works", "I am" → "they are").
 */
public final class Perspective {

    /** Who the speaker becomes: the words standing for I, me, my, mine, myself, and the verb agreement. */
    public record Subject(String subject, String object, String possessive, String possessivePronoun, String reflexive,
                          boolean singular) {

        /** A named person: "Ada", "Ada's", verbs in the third person singular. */
        public static Subject named(String name) {
            String possessive = name.endsWith("s") ? name + "'" : name + "'s";
            return new Subject(name, name, possessive, possessive, name, true);
        }

        /** Reported speech about a person: "they", "them", "their"; verbs in the plural. */
        public static Subject they() {
            return new Subject("they", "them", "their", "theirs", "themselves", false);
        }

        /** Reported speech about an assistant or tool: "it", "its". */
        public static Subject it() {
            return new Subject("it", "it", "its", "its", "itself", true);
        }
    }

    private static final Set<String> MODALS = Set.of("can", "could", "will", "would", "shall", "should", "may", "might",
            "must", "can't", "couldn't", "won't", "wouldn't", "shouldn't", "didn't", "never", "cannot", "gonna");
    /** Adverbs that may stand between the subject and its verb ("I really like"). */
    private static final Set<String> ADVERBS = Set.of("also", "really", "usually", "always", "often", "still", "just",
            "sometimes", "currently", "now", "actually", "recently", "finally", "truly", "absolutely", "mostly",
            "rarely", "definitely", "totally", "even", "only", "already", "generally", "normally", "mainly");
    private static final Set<String> IRREGULAR_PAST = Set.of("was", "were", "had", "did", "went", "got", "made", "took",
            "came", "saw", "knew", "thought", "left", "bought", "began", "became", "grew", "met", "ran", "said", "told",
            "found", "gave", "felt", "kept", "lost", "paid", "sold", "sent", "spent", "won", "wrote", "ate", "drove",
            "flew", "brought", "built", "caught", "chose", "drank", "fell", "forgot", "heard", "held", "hurt", "led",
            "lent", "meant", "put", "quit", "read", "rode", "rose", "sang", "sat", "slept", "spoke", "stood", "swam",
            "taught", "threw", "understood", "woke", "wore", "broke", "cut", "set", "let", "hit", "shut");

    private static final Set<String> FIRST_PERSON_FORMS = Set.of("i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine",
            "myself");

    private Perspective() {
    }

    /** The sentence with the speaker's first person replaced by {@code who}. */
    public static String rewrite(String sentence, Subject who) {
        return rewrite(sentence, who, who);
    }

    /**
     * The sentence with the speaker's first person replaced by {@code first} where it first
     * occurs and by {@code later} after that, so a name is not repeated at every pronoun: "I told
     * my sister I was moving" → "Ada told their sister they were moving" (first: Ada, later: they).
     */
    public static String rewrite(String sentence, Subject first, Subject later) {
        Subject who = first;
        boolean named = false;
        StringBuilder out = new StringBuilder();
        int last = 0;
        boolean agreeNext = false;
        for (TextAnalysis.Word w : TextAnalysis.surfaceWords(sentence)) {
            String word = w.text();
            if (!Character.isLetter(word.codePointAt(0))) {
                continue; // numbers are neither the subject nor its verb
            }
            out.append(sentence, last, w.start());
            last = w.end();
            String lower = word.toLowerCase(Locale.ROOT).replace('’', '\'');
            if (named && !agreeNext) {
                who = later; // the first person has been named and its verb, if any, agreed
            }
            boolean sentenceStart = out.toString().isBlank();
            String replacement;
            boolean subjectJustWritten = false;
            switch (lower) {
                case "i" -> {
                    replacement = who.subject();
                    subjectJustWritten = true;
                }
                case "i'm" -> replacement = who.subject() + (who.singular() ? " is" : " are");
                case "i've" -> replacement = who.subject() + (who.singular() ? " has" : " have");
                case "i'd" -> replacement = who.subject() + " would";
                case "i'll" -> replacement = who.subject() + " will";
                case "me" -> replacement = who.object();
                case "my" -> replacement = who.possessive();
                case "mine" -> replacement = who.possessivePronoun();
                case "myself" -> replacement = who.reflexive();
                default -> {
                    if (agreeNext && ADVERBS.contains(lower)) {
                        replacement = word;
                        subjectJustWritten = true; // the verb comes after the adverb
                    } else {
                        replacement = agreeNext ? agree(word, lower, who.singular()) : word;
                    }
                }
            }
            agreeNext = subjectJustWritten;
            out.append(sentenceStart && !replacement.equals(word) ? capitalize(replacement) : replacement);
            named |= FIRST_PERSON_FORMS.contains(lower);
        }
        out.append(sentence.substring(last));
        return out.toString();
    }

    /**
     * The sentence with the speaker's first person plural ("we", "us", "our", "we're") in the
     * third person plural ("they", "them", "their", "they're"), for reporting what a speaker said
     * of a group they belong to. Verbs stay as they are: both persons are plural.
     */
    public static String rewritePlural(String sentence) {
        StringBuilder out = new StringBuilder();
        int last = 0;
        for (TextAnalysis.Word w : TextAnalysis.surfaceWords(sentence)) {
            String word = w.text();
            String lower = word.toLowerCase(Locale.ROOT).replace('’', '\'');
            String replacement = switch (lower) {
                case "we" -> "they";
                case "us" -> "them";
                case "our" -> "their";
                case "ours" -> "theirs";
                case "ourselves" -> "themselves";
                case "we're" -> "they're";
                case "we've" -> "they've";
                case "we'd" -> "they'd";
                case "we'll" -> "they'll";
                default -> null;
            };
            if (replacement == null) {
                continue;
            }
            out.append(sentence, last, w.start());
            last = w.end();
            // "US" in capitals is the country, not the pronoun.
            if (word.equals("US")) {
                out.append(word);
            } else {
                out.append(Character.isUpperCase(word.charAt(0)) ? capitalize(replacement) : replacement);
            }
        }
        out.append(sentence.substring(last));
        return out.toString();
    }

    /**
     * The sentence with the person spoken to ("you", "your", "you're") named instead ("Ada",
     * "Ada's", "Ada is"), for reporting what was said to someone. Only the auxiliaries right after
     * "you" are made to agree ("you are" → "Ada is"): "you" is as often an object as a subject, and
     * the word after an object is no verb ("I told you about it").
     */
    public static String rewriteAddressee(String sentence, Subject who) {
        StringBuilder out = new StringBuilder();
        int last = 0;
        boolean agreeNext = false;
        for (TextAnalysis.Word w : TextAnalysis.surfaceWords(sentence)) {
            String word = w.text();
            String lower = word.toLowerCase(Locale.ROOT).replace('’', '\'');
            String replacement = switch (lower) {
                case "you" -> who.subject();
                case "your" -> who.possessive();
                case "yours" -> who.possessivePronoun();
                case "yourself" -> who.reflexive();
                case "you're" -> who.subject() + (who.singular() ? " is" : " are");
                case "you've" -> who.subject() + (who.singular() ? " has" : " have");
                case "you'd" -> who.subject() + " would";
                case "you'll" -> who.subject() + " will";
                default -> agreeNext && who.singular() ? AUXILIARY_AGREEMENT.get(lower) : null;
            };
            agreeNext = lower.equals("you");
            if (replacement == null) {
                continue;
            }
            boolean sentenceStart = sentence.substring(0, w.start()).isBlank();
            out.append(sentence, last, w.start());
            last = w.end();
            out.append(sentenceStart || Character.isUpperCase(replacement.charAt(0)) ? capitalize(replacement) : replacement);
        }
        out.append(sentence.substring(last));
        return out.toString();
    }

    /** Second-person auxiliaries in the third person singular. */
    private static final java.util.Map<String, String> AUXILIARY_AGREEMENT = java.util.Map.of("are", "is", "were", "was",
            "have", "has", "do", "does", "don't", "doesn't", "haven't", "hasn't", "aren't", "isn't", "weren't", "wasn't");

    /** The verb form agreeing with the new subject (only present-tense forms change). */
    static String agree(String word, String lower, boolean singular) {
        if (!singular) {
            return switch (lower) {
                case "am" -> "are";
                case "was" -> "were";
                default -> word;
            };
        }
        if (MODALS.contains(lower) || IRREGULAR_PAST.contains(lower) || lower.endsWith("ed")) {
            return word;
        }
        return switch (lower) {
            case "am" -> "is";
            case "have" -> "has";
            case "do" -> "does";
            case "don't" -> "doesn't";
            case "haven't" -> "hasn't";
            case "are" -> "is";
            case "wanna" -> "wants to"; // chat spellings of "want to" and "got to"
            case "gotta" -> "has to";
            default -> thirdPersonSingular(word);
        };
    }

    /** "work" → "works", "go" → "goes", "study" → "studies". */
    public static String thirdPersonSingular(String verb) {
        if (verb == null || verb.isEmpty()) {
            return verb;
        }
        String lower = verb.toLowerCase(Locale.ROOT);
        if (lower.contains("'")) {
            return verb;
        }
        if (lower.matches(".*(s|sh|ch|x|z|o)")) {
            return verb + "es";
        }
        if (lower.matches(".*[^aeiou]y")) {
            return verb.substring(0, verb.length() - 1) + "ies";
        }
        return verb + "s";
    }

    public static String capitalize(String text) {
        return text == null || text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
