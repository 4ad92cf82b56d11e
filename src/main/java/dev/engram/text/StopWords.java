package dev.engram.text;

import java.util.Set;

/**
 * Very common English function words. They carry almost no information about what a text is
 * about, so word-matching features (lexical search, overlap measures) leave them out.
 */
public final class StopWords {

    private static final Set<String> ENGLISH = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do",
            "does", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in",
            "into", "is", "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "she", "so",
            "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to",
            "us", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will",
            "with", "would", "you", "your", "am", "about", "any", "all", "s", "t");

    private StopWords() {
    }

    /** Whether {@code word} (lower case, as produced by {@link Tokenizer#words}) is a stop word. */
    public static boolean isStopWord(String word) {
        return ENGLISH.contains(word);
    }
}
