package dev.engram.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The one chain that turns text into comparable terms: Lucene's English analysis (Unicode word
 * boundaries of UAX #29, possessives removed, lower case, Porter stemming), so "Caroline's
 * paintings" and "caroline painting" share their terms. {@link #terms} also drops the Snowball
 * English stop words (pronouns, auxiliaries, question words: "when did I …" is not evidence);
 * {@link #words} keeps them (phrases, and queries made only of stop words). Thread-safe: Lucene
 * analyzers keep their state per thread.
 */
public final class TextAnalysis {

    private static final Analyzer TERMS = new EnglishAnalyzer(snowballStopWords());
    private static final Analyzer WORDS = new EnglishAnalyzer(CharArraySet.EMPTY_SET);

    private TextAnalysis() {
    }

    /** The analyzer of {@link #terms}, for an index that stores them. */
    public static Analyzer termAnalyzer() {
        return TERMS;
    }

    /** Stemmed content terms in order, stop words left out: "The trains to Sintra" → train, sintra. */
    public static List<String> terms(String text) {
        return analyze(TERMS, text);
    }

    /** Stemmed words in order, stop words kept: "The trains to Sintra" → the, train, to, sintra. */
    public static List<String> words(String text) {
        return analyze(WORDS, text);
    }

    /** The Snowball project's English stop words (shipped with Lucene): pronouns, auxiliaries, question words. */
    private static CharArraySet snowballStopWords() {
        try (java.io.Reader reader = IOUtils.getDecodingReader(SnowballFilter.class, "english_stop.txt", StandardCharsets.UTF_8)) {
            return WordlistLoader.getSnowballWordSet(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Lucene's english_stop.txt is missing from lucene-analysis-common", e);
        }
    }

    private static List<String> analyze(Analyzer analyzer, String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        try (TokenStream stream = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                out.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String cannot fail
        }
        return out;
    }
}
