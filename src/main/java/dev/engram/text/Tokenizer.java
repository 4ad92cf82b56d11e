package dev.engram.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into comparable words: Unicode-normalised (NFKC), lower-cased, split on
 * everything that is not a letter or a digit. Ideographic scripts have no spaces between
 * words, so each ideograph (and each kana) becomes a word of its own — crude, but it lets a
 * search for one Chinese or Japanese word match. Stateless and thread-safe.
 */
public final class Tokenizer {

    private Tokenizer() {
    }

    /** The words of {@code text} in order, e.g. "Don't book the 9:00 train!" → don, t, book, the, 9, 00, train. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return words;
        }
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (standsAlone(cp)) {
                flush(word, words);
                words.add(new String(Character.toChars(cp)));
            } else if (Character.isLetterOrDigit(cp) || isCombiningMark(cp)) {
                word.appendCodePoint(cp);
            } else {
                flush(word, words);
            }
        }
        flush(word, words);
        return words;
    }

    /**
     * The words of {@code text} reduced to a base form (see {@link #stem(String)}), for matching
     * that should not care about "train" versus "trains".
     */
    public static List<String> terms(String text) {
        List<String> words = words(text);
        List<String> terms = new ArrayList<>(words.size());
        for (String w : words) {
            terms.add(stem(w));
        }
        return terms;
    }

    /**
     * A deliberately light English suffix folding (plural and possessive forms): "trains" →
     * "train", "cities" → "city", "boxes" → "box", "glass" stays. Heavier stemmers conflate
     * unrelated words; meaning is the embedding's job, this only has to make exact words match.
     */
    public static String stem(String word) {
        int n = word.length();
        if (n <= 3 || !isAsciiLetters(word)) {
            return word;
        }
        if (word.endsWith("ies") && n > 4) {
            return word.substring(0, n - 3) + "y";
        }
        if (word.endsWith("sses") || word.endsWith("xes") || word.endsWith("ches") || word.endsWith("shes")) {
            return word.substring(0, n - 2);
        }
        if (word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) {
            return word.substring(0, n - 1);
        }
        return word;
    }

    private static boolean isAsciiLetters(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    private static boolean isCombiningMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static boolean standsAlone(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN
                || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA
                || script == Character.UnicodeScript.THAI;
    }
}
