package dev.engram.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Estimates how many LLM tokens a text costs, without a tokenizer: BPE tokenizers spend about
 * one token per common word or punctuation mark and one per ~5 characters of longer words.
 */
public final class Tokens {

    private static final Pattern PIECE = Pattern.compile("[\\p{L}\\p{N}]+|[^\\s\\p{L}\\p{N}]");

    private Tokens() {
    }

    public static int estimate(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int tokens = 0;
        Matcher m = PIECE.matcher(text);
        while (m.find()) {
            int length = m.group().length();
            tokens += length <= 7 ? 1 : (length + 4) / 5;
        }
        return tokens;
    }
}
