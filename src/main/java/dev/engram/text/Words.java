package dev.engram.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Words of a text, stop words, a light stemmer and lexical overlap between two texts. */
public final class Words {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’][\\p{L}]+)?");

    /** Function words that say nothing about a topic (English). */
    public static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "to", "in", "on", "at", "by", "for",
            "with", "about", "from", "into", "over", "as", "is", "are", "was", "were", "be", "been", "being",
            "am", "do", "does", "did", "have", "has", "had", "i", "me", "my", "mine", "you", "your", "yours",
            "we", "us", "our", "he", "him", "his", "she", "her", "it", "its", "they", "them", "their", "this",
            "that", "these", "those", "what", "which", "who", "whom", "whose", "when", "where", "why", "how",
            "can", "could", "would", "should", "will", "shall", "may", "might", "must", "not", "no", "yes",
            "just", "also", "very", "too", "there", "here", "all", "any", "some", "up", "out", "again",
            "i'm", "i've", "i'd", "i'll", "it's", "you're", "don't", "doesn't", "please", "thanks", "thank",
            "hi", "hello", "hey", "ok", "okay", "user", "user's", "users", "assistant");

    private Words() {
    }

    /** Lower-case words in order of appearance. */
    public static List<String> tokens(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT).replace('’', '\''));
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    /** Stems of the words that are not stop words, without repeats. */
    public static Set<String> contentStems(String text) {
        Set<String> stems = new LinkedHashSet<>();
        for (String word : tokens(text)) {
            if (!STOP_WORDS.contains(word)) {
                stems.add(stem(word));
            }
        }
        return stems;
    }

    /**
     * A deliberately small suffix stripper ("nights" → "night", "travelling" → "travel",
     * "booked" → "book"), enough to match inflected forms of the same word.
     */
    public static String stem(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.endsWith("'s")) {
            w = w.substring(0, w.length() - 2);
        }
        if (w.length() > 5 && w.endsWith("ing")) {
            w = undouble(w.substring(0, w.length() - 3));
        } else if (w.length() > 4 && w.endsWith("ed")) {
            w = undouble(w.substring(0, w.length() - 2));
        } else if (w.length() > 4 && w.endsWith("ies")) {
            w = w.substring(0, w.length() - 3) + "y";
        } else if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }

    private static String undouble(String w) {
        int n = w.length();
        if (n > 3 && w.charAt(n - 1) == w.charAt(n - 2) && "lptgnmdbr".indexOf(w.charAt(n - 1)) >= 0) {
            return w.substring(0, n - 1);
        }
        return w;
    }

    /** The share of {@code query}'s content words that also occur in {@code text}, in [0, 1]. */
    public static double overlap(String query, String text) {
        Set<String> wanted = contentStems(query);
        if (wanted.isEmpty()) {
            return 0;
        }
        Set<String> present = contentStems(text);
        long hits = wanted.stream().filter(present::contains).count();
        return (double) hits / wanted.size();
    }
}
