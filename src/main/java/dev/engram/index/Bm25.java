package dev.engram.index;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BM25 of the PostgreSQL index, with the Lucene index's parameters and normalisation (k1, b, the
 * context at {@link LuceneSearchIndex#CONTEXT_WEIGHT}): PostgreSQL's full-text search ranks
 * without IDF, so the rows' terms are read as {@code tsvector} text and scored here, from the
 * document frequencies and average lengths kept in {@code search_terms} and {@code search_stats}.
 */
final class Bm25 {

    final List<String> terms;
    /** Records of the kind, and of them those holding each term. */
    final long docs;
    final long[] df;
    private final double[] idf;
    private final double averageWords;
    private final double averageContext;

    Bm25(List<String> terms, long docs, long[] df, double averageWords, double averageContext) {
        this.terms = terms;
        this.docs = docs;
        this.df = df;
        this.idf = new double[df.length];
        for (int i = 0; i < df.length; i++) {
            idf[i] = idf(docs, df[i]);
        }
        this.averageWords = averageWords;
        this.averageContext = averageContext;
    }

    /** Lucene's BM25 idf: ln(1 + (N − df + 0.5) / (df + 0.5)). */
    static double idf(long docs, long df) {
        return Math.log(1 + (docs - df + 0.5) / (df + 0.5));
    }

    /** What a text of average length holding every query term once scores: Σ idf / (1 + k1), as in the Lucene index. */
    double reference() {
        double sum = 0;
        for (double value : idf) {
            sum += value;
        }
        return sum / (1 + LuceneSearchIndex.K1);
    }

    /** The row's score: its words' BM25 plus its context's at {@link LuceneSearchIndex#CONTEXT_WEIGHT}. */
    double score(String wordsTsvector, int wordsLength, String contextTsvector, int contextLength) {
        return field(wordsTsvector, wordsLength, averageWords)
                + LuceneSearchIndex.CONTEXT_WEIGHT * field(contextTsvector, contextLength, averageContext);
    }

    private double field(String tsvector, int length, double average) {
        if (tsvector == null || tsvector.isEmpty()) {
            return 0;
        }
        Map<String, Integer> counts = occurrences(tsvector);
        double norm = LuceneSearchIndex.K1 * (1 - LuceneSearchIndex.B + LuceneSearchIndex.B * length / average);
        double sum = 0;
        for (int i = 0; i < idf.length; i++) {
            Integer tf = counts.get(terms.get(i));
            if (tf != null) {
                sum += idf[i] * tf / (tf + norm);
            }
        }
        return sum;
    }

    /**
     * The lexemes of a {@code tsvector}'s text form with their number of positions, e.g.
     * {@code 'go':1 'it''s':2,5 'x'} → go 1, it's 2, x 1. A lexeme is quoted, with a quote
     * doubled and a backslash escaped inside; positions may carry a weight letter.
     */
    static Map<String, Integer> occurrences(String tsvector) {
        Map<String, Integer> counts = new HashMap<>();
        int i = 0;
        int n = tsvector.length();
        StringBuilder lexeme = new StringBuilder();
        while (i < n) {
            if (tsvector.charAt(i) != '\'') {
                i++;
                continue;
            }
            lexeme.setLength(0);
            i++;
            while (i < n) {
                char ch = tsvector.charAt(i);
                if (ch == '\\' && i + 1 < n) {
                    lexeme.append(tsvector.charAt(i + 1));
                    i += 2;
                } else if (ch == '\'' && i + 1 < n && tsvector.charAt(i + 1) == '\'') {
                    lexeme.append('\'');
                    i += 2;
                } else if (ch == '\'') {
                    i++;
                    break;
                } else {
                    lexeme.append(ch);
                    i++;
                }
            }
            int positions = 1;
            if (i < n && tsvector.charAt(i) == ':') {
                i++;
                while (i < n && tsvector.charAt(i) != ' ') {
                    if (tsvector.charAt(i) == ',') {
                        positions++;
                    }
                    i++;
                }
            }
            counts.put(lexeme.toString(), positions);
        }
        return counts;
    }
}
