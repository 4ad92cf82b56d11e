package dev.engram.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits prose into sentences: good enough for chat messages, no model needed. */
public final class Sentences {

    /** A sentence ends at . ! ? (or a run of them) followed by space, or at a line break. */
    private static final Pattern BOUNDARY = Pattern.compile("(?<=[.!?…])[\"')\\]]*\\s+|\\n+");
    /** Abbreviations whose period does not end a sentence. */
    private static final List<String> ABBREVIATIONS = List.of("mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "e.g.", "i.e.",
            "etc.", "vs.", "approx.", "no.", "jr.", "sr.");

    private Sentences() {
    }

    public static List<String> split(String text) {
        List<String> sentences = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return sentences;
        }
        Matcher m = BOUNDARY.matcher(text);
        int start = 0;
        StringBuilder pending = new StringBuilder();
        while (m.find()) {
            String piece = text.substring(start, m.start());
            start = m.end();
            pending.append(pending.isEmpty() ? "" : " ").append(piece.strip());
            if (!endsWithAbbreviation(pending.toString())) {
                add(sentences, pending.toString());
                pending.setLength(0);
            }
        }
        pending.append(pending.isEmpty() ? "" : " ").append(text.substring(start).strip());
        add(sentences, pending.toString());
        return sentences;
    }

    /** Words (letters, digits, apostrophes inside words). */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        Matcher m = Pattern.compile("[\\p{L}\\p{N}]+(?:['’][\\p{L}]+)*").matcher(text);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    private static boolean endsWithAbbreviation(String sentence) {
        String lower = sentence.toLowerCase();
        int space = lower.lastIndexOf(' ');
        String last = space < 0 ? lower : lower.substring(space + 1);
        return ABBREVIATIONS.contains(last);
    }

    private static void add(List<String> sentences, String sentence) {
        String s = sentence.strip();
        if (!s.isEmpty()) {
            sentences.add(s);
        }
    }
}
