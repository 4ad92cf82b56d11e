package dev.engram.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import opennlp.tools.lemmatizer.LemmatizerME;
import opennlp.tools.lemmatizer.LemmatizerModel;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTaggerME;
import opennlp.tools.tokenize.TokenizerME;
import opennlp.tools.tokenize.TokenizerModel;
import opennlp.tools.util.Span;

/**
 * Tokens, parts of speech and lemmas of a sentence, from Apache OpenNLP's English models
 * (Universal Dependencies English Web Treebank: {@code opennlp-models-tokenizer-en},
 * {@code -pos-en}, {@code -lemmatizer-en}). Tags are Universal POS tags (NOUN, PROPN, VERB, AUX,
 * PRON, ADJ, ADV, ADP, DET, CCONJ, SCONJ, PART, INTJ, NUM, PUNCT, …). The treebank keeps a
 * contraction as one token with joined tags and lemmas: "I'm" is {@code PRON+AUX} with lemma
 * {@code i+be}, "don't" is {@code AUX+PART} / {@code do+not}.
 */
public final class PartsOfSpeech {

    /** One token: its text, where it stands in the sentence, its tag(s) and lemma(s), lower case. */
    public record Token(String text, int start, int end, String tag, String lemma) {

        /** The tags of the token's parts ("I'm": PRON, AUX). */
        public String[] tags() {
            return tag.split("\\+");
        }

        /** The lemmas of the token's parts ("I'm": i, be). */
        public String[] lemmas() {
            return lemma.split("\\+");
        }

        public String firstTag() {
            return tags()[0];
        }

        public String firstLemma() {
            return lemmas()[0];
        }

        public boolean hasTag(String wanted) {
            for (String t : tags()) {
                if (t.equals(wanted)) {
                    return true;
                }
            }
            return false;
        }

        public boolean hasLemma(String wanted) {
            for (String l : lemmas()) {
                if (l.equals(wanted)) {
                    return true;
                }
            }
            return false;
        }

        public String lower() {
            return text.toLowerCase(Locale.ROOT).replace('’', '\'');
        }

        /** A verb in its base form ("go", not "went" or "goes"): an imperative when it opens a sentence. */
        public boolean baseVerb() {
            return tag.equals("VERB") && text.equalsIgnoreCase(lemma);
        }
    }

    /** The English determiners (a closed class), for catching a word the model misreads as one. */
    private static final java.util.Set<String> DETERMINERS = java.util.Set.of("a", "an", "the", "this", "that", "these",
            "those", "my", "your", "his", "her", "its", "our", "their", "some", "any", "no", "every", "each", "all",
            "both", "either", "neither", "another", "such", "what", "which", "whatever", "whichever", "whose", "much",
            "many", "few", "little", "several", "enough", "more", "most", "less", "least", "other", "half", "'s",
            "lots", "plenty", "one", "nor", "thy", "yonder", "ye", "certain", "various", "own", "else", "u",
            "da", "tha", "dat", "dis", "ur", "y'all", "ya", "sum", "em");

    private static final java.util.Set<String> PREPOSITIONS_ONLY = java.util.Set.of("at", "of", "in", "on", "with", "into",
            "onto", "from", "about", "by", "to", "through", "toward", "towards", "among", "between", "without");

    private static final java.util.Set<String> ARTICLES = java.util.Set.of("a", "an", "the");

    private PartsOfSpeech() {
    }

    static int longestRunWithoutSpace(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = Character.isWhitespace(text.charAt(i)) ? 0 : run + 1;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /** Longer sentences are not tagged (see {@link #tag}). */
    static final int MAX_SENTENCE_CHARS = 2_000;

    /** Sentences holding a longer run without a space are not tagged (a long URL still fits). */
    static final int MAX_WORD_CHARS = 200;

    /**
     * The tagged tokens of one sentence; none for a sentence too long to be one. OpenNLP's
     * tokenizer weighs every character of a space-free run with features built from the run's
     * prefixes and suffixes, so its cost grows with the square of the run: a message of 50,000
     * emoji kept a worker busy for over a minute per attempt, holding up every other session's
     * derived memory. Nothing worth learning is in such a sentence.
     */
    public static List<Token> tag(String sentence) {
        List<Token> out = new ArrayList<>();
        if (sentence == null || sentence.isBlank() || sentence.length() > MAX_SENTENCE_CHARS
                || longestRunWithoutSpace(sentence) > MAX_WORD_CHARS) {
            return out;
        }
        Tools tools = TOOLS.get();
        // The models know the straight apostrophe; chat text often has the typographic one.
        String normalized = sentence.replace('’', '\'');
        Span[] spans = tools.tokenizer.tokenizePos(normalized);
        String[] tokens = Span.spansToStrings(spans, normalized);
        String[] tags = tools.tagger.tag(tokens);
        String[] lemmas = tools.lemmatizer.lemmatize(tokens, tags);
        for (int i = 0; i < tokens.length; i++) {
            if (tags[i].equals("VERB") && lemmas[i].equalsIgnoreCase(tokens[i])) {
                lemmas[i] = prefixedLemma(tools, tokens[i], lemmas[i]);
            }
        }
        for (int i = 0; i < tokens.length; i++) {
            String tag = tags[i];
            String lower = tokens[i].toLowerCase(Locale.ROOT);
            if (tag.equals("DET") && !DETERMINERS.contains(lower)) {
                tag = "NOUN"; // determiners are a closed class: "diagnosed with asthma/DET" is the model's slip
            } else if (ARTICLES.contains(lower) && !tag.equals("DET")) {
                tag = "DET"; // and an article is always one: "give kids a/SCONJ loving home"
            } else if (tag.equals("SCONJ") && PREPOSITIONS_ONLY.contains(lower)) {
                tag = "ADP"; // "take a shot at/SCONJ starting …": these never open a clause
            } else if (tag.equals("PUNCT") && lower.chars().anyMatch(Character::isLetter)) {
                tag = "NOUN"; // "a nice chat/PUNCT with": a word is not punctuation
            }
            out.add(new Token(sentence.substring(spans[i].getStart(), spans[i].getEnd()), spans[i].getStart(),
                    spans[i].getEnd(), tag, lemmas[i].toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    private static final List<String> VERB_PREFIXES = List.of("re", "mis", "over", "out", "under");

    /**
     * A prefixed irregular verb the model does not know ("retook", "overslept") has the lemma of
     * its stem with the prefix ("retake"); without it "retook" reads as a base form and is
     * wrongly put in the third person ("retooks").
     */
    private static String prefixedLemma(Tools tools, String token, String lemma) {
        String lower = token.toLowerCase(Locale.ROOT);
        for (String prefix : VERB_PREFIXES) {
            if (lower.startsWith(prefix) && lower.length() - prefix.length() >= 3) {
                String stem = lower.substring(prefix.length());
                String stemLemma = tools.lemmatizer.lemmatize(new String[] {stem}, new String[] {"VERB"})[0];
                if (!stemLemma.equalsIgnoreCase(stem) && !stemLemma.equals("O")) {
                    return prefix + stemLemma;
                }
            }
        }
        return lemma;
    }

    /** The models, read once on first use; they are immutable and shared by every thread. */
    private static final class Models {
        static final TokenizerModel TOKENS = load("/opennlp-en-ud-ewt-tokens-1.3-2.5.4.bin", "tokenizer", TokenizerModel::new);
        static final POSModel TAGS = load("/opennlp-en-ud-ewt-pos-1.3-2.5.4.bin", "pos", POSModel::new);
        static final LemmatizerModel LEMMAS = load("/opennlp-en-ud-ewt-lemmas-1.3-2.5.4.bin", "lemmatizer", LemmatizerModel::new);

        private interface Reader<M> {
            M read(InputStream in) throws IOException;
        }

        private static <M> M load(String resource, String artifact, Reader<M> reader) {
            try (InputStream in = PartsOfSpeech.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing: the opennlp-models-" + artifact
                            + "-en jar is not on the class path");
                }
                return reader.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read OpenNLP's model " + resource, e);
            }
        }
    }

    /** OpenNLP's tokenizer, tagger and lemmatizer keep per-call state: one set per thread. */
    private record Tools(TokenizerME tokenizer, POSTaggerME tagger, LemmatizerME lemmatizer) {
    }

    private static final ThreadLocal<Tools> TOOLS = ThreadLocal.withInitial(() -> new Tools(
            new TokenizerME(Models.TOKENS), new POSTaggerME(Models.TAGS), new LemmatizerME(Models.LEMMAS)));
}
