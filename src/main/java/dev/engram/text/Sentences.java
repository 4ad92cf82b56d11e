package dev.engram.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits chat text into sentences. Good enough for conversational English; not a full NLP tokenizer. */
public final class Sentences {

    /**
     * A sentence ends at {@code .}, {@code !}, {@code ?} (possibly repeated) or a line break, when
     * what follows starts a new sentence. Decimals ("2.5"), e-mail addresses and common
     * abbreviations stay intact because the terminator must be followed by white space.
     */
    private static final Pattern BOUNDARY = Pattern.compile("(?<=[.!?…])[\"')\\]]*\\s+|\\s*[\\r\\n]+\\s*");

    private static final List<String> ABBREVIATIONS = List.of("mr.", "mrs.", "ms.", "dr.", "st.", "prof.", "e.g.",
            "i.e.", "vs.", "etc.", "approx.", "no.", "jr.", "sr.", "mt.");

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’][\\p{L}]+)*");

    private Sentences() {
    }

    public static List<String> split(String text) {
        List<String> sentences = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return sentences;
        }
        Matcher boundary = BOUNDARY.matcher(text);
        int start = 0;
        StringBuilder pending = new StringBuilder();
        while (boundary.find()) {
            String piece = text.substring(start, boundary.end());
            start = boundary.end();
            pending.append(piece);
            if (endsWithAbbreviation(piece.strip())) {
                continue;
            }
            add(sentences, pending.toString());
            pending.setLength(0);
        }
        pending.append(text.substring(start));
        add(sentences, pending.toString());
        return sentences;
    }

    /** Words (letters, digits, apostrophes inside words). */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    private static boolean endsWithAbbreviation(String piece) {
        String lower = piece.toLowerCase();
        int space = lower.lastIndexOf(' ');
        String lastWord = space < 0 ? lower : lower.substring(space + 1);
        return ABBREVIATIONS.contains(lastWord);
    }

    private static void add(List<String> sentences, String sentence) {
        String s = sentence.strip();
        if (!s.isEmpty()) {
            sentences.add(s);
        }
    }
}
