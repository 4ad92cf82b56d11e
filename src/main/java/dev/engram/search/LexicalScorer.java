package dev.engram.search;

import dev.engram.text.TextAnalysis;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word-level relevance of texts to one query, BM25 style, over the texts that are searched.
 * Use: {@link #observe} every candidate text once (this gathers the collection statistics:
 * how many texts, their average length, how many contain each query term), then
 * {@link #score} the matches. Only texts that contain a query term are kept as a
 * {@link Match}, so memory grows with the matches, not with the collection.
 *
 * <p>The score is in [0, 1]: BM25 divided by what a text of average length containing every
 * query term once would score (so a rare term weighs much more than a common one, and a text
 * matching every term scores about 1), capped at 1. When the query has a phrase — the whole
 * query if it has two or more words, and every {@code "quoted part"} — the score is
 * 0.7 · BM25 + 0.3 · (whether the text contains one of the phrases word for word), so the text
 * with the exact phrase comes before texts that only share its words. Words come from
 * {@link TextAnalysis} (stemmed: "paintings" matches "painting"); stop words are not query
 * terms (unless the query has nothing else) but do count inside phrases.
 */
public final class LexicalScorer {

    /** Term frequency saturation and length normalisation: the usual BM25 constants. */
    static final double K1 = 1.2;
    static final double B = 0.75;
    static final double PHRASE_WEIGHT = 0.3;

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    private final List<String> terms;
    private final List<List<String>> phrases;
    private final int[] documentFrequency;
    private long documents;
    private long totalLength;

    /** Where a text matched: frequency of each query term, its length in words, and the phrase. */
    public record Match(int[] termFrequency, int length, boolean phrase) {
    }

    private LexicalScorer(List<String> terms, List<List<String>> phrases) {
        this.terms = terms;
        this.phrases = phrases;
        this.documentFrequency = new int[terms.size()];
    }

    public static LexicalScorer forQuery(String query) {
        List<String> words = TextAnalysis.words(query);
        LinkedHashSet<String> distinct = new LinkedHashSet<>(TextAnalysis.terms(query));
        if (distinct.isEmpty()) {
            distinct.addAll(words);
        }
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
        return new LexicalScorer(List.copyOf(distinct), phrases);
    }

    /** Whether the query has any word at all (a query of punctuation has none). */
    public boolean hasTerms() {
        return !terms.isEmpty();
    }

    /** Counts {@code text} into the statistics; its match, or null when it contains no query term. */
    public Match observe(String text) {
        List<String> words = TextAnalysis.words(text);
        documents++;
        totalLength += words.size();
        int[] frequency = new int[terms.size()];
        boolean any = false;
        for (String w : words) {
            int index = terms.indexOf(w);
            if (index >= 0) {
                frequency[index]++;
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        for (int i = 0; i < frequency.length; i++) {
            if (frequency[i] > 0) {
                documentFrequency[i]++;
            }
        }
        return new Match(frequency, words.size(), containsPhrase(words));
    }

    /** The score of a match in [0, 1] given everything observed so far; 0 for null. */
    public double score(Match match) {
        if (match == null || documents == 0) {
            return 0;
        }
        double averageLength = Math.max(1.0, (double) totalLength / documents);
        double bm25 = 0;
        double reference = 0;
        for (int i = 0; i < terms.size(); i++) {
            double idf = idf(documentFrequency[i]);
            reference += idf;
            int tf = match.termFrequency()[i];
            if (tf > 0) {
                double lengthNorm = 1 - B + B * match.length() / averageLength;
                bm25 += idf * tf * (K1 + 1) / (tf + K1 * lengthNorm);
            }
        }
        double words = reference == 0 ? 0 : Math.min(1, bm25 / reference);
        if (phrases.isEmpty()) {
            return words;
        }
        return (1 - PHRASE_WEIGHT) * words + (match.phrase() ? PHRASE_WEIGHT : 0);
    }

    private double idf(int df) {
        return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
    }

    private boolean containsPhrase(List<String> words) {
        for (List<String> phrase : phrases) {
            if (java.util.Collections.indexOfSubList(words, phrase) >= 0) {
                return true;
            }
        }
        return false;
    }
}
