package dev.engram.index;

import dev.engram.text.TextAnalysis;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A query's words as the index compares them: its distinct content terms (stemmed, stop words
 * left out) and its phrases — the whole query when it has two or more words, and every
 * {@code "quoted part"} — which keep their stop words.
 */
record QueryTerms(List<String> terms, List<List<String>> phrases) {

    /** Share of the word evidence that is the phrase; the rest is BM25. */
    static final double PHRASE_WEIGHT = 0.3;

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    static QueryTerms of(String query) {
        List<String> words = TextAnalysis.words(query);
        List<String> terms = List.copyOf(new LinkedHashSet<>(TextAnalysis.terms(query)));
        List<List<String>> phrases = new ArrayList<>();
        if (words.size() >= 2) {
            phrases.add(words);
        }
        Matcher quoted = QUOTED.matcher(query == null ? "" : query);
        while (quoted.find()) {
            List<String> phrase = TextAnalysis.words(quoted.group(1));
            if (phrase.size() >= 2 && !phrases.contains(phrase)) {
                phrases.add(phrase);
            }
        }
        return new QueryTerms(terms, phrases);
    }

    /** Word evidence of a text from its normalised BM25 (in [0, 1]) and whether it holds a phrase. */
    double evidence(double bm25, String text) {
        if (phrases.isEmpty()) {
            return bm25;
        }
        List<String> words = TextAnalysis.words(text);
        boolean phrase = phrases.stream().anyMatch(p -> Collections.indexOfSubList(words, p) >= 0);
        return (1 - PHRASE_WEIGHT) * bm25 + (phrase ? PHRASE_WEIGHT : 0);
    }
}
