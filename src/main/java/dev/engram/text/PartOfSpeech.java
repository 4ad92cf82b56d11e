package dev.engram.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import opennlp.tools.lemmatizer.LemmatizerME;
import opennlp.tools.lemmatizer.LemmatizerModel;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTagFormat;
import opennlp.tools.postag.POSTaggerME;
import opennlp.tools.tokenize.TokenizerME;
import opennlp.tools.tokenize.TokenizerModel;

/**
 * Parts of speech and lemmas of an English sentence from Apache OpenNLP's Universal Dependencies
 * (EWT) models: tokenizer, tagger (Universal POS tags: VERB, AUX, NOUN, PROPN …) and
 * lemmatizer. The tags carry no tense or mood (mapped to Penn Treebank tags every verb would be
 * VB), so the form of a verb is told by its lemma (see {@link Tagged#baseVerb}). Thread-safe:
 * each thread has its own tokenizer, tagger and lemmatizer; the models are shared.
 */
public final class PartOfSpeech {

    /** A token as OpenNLP's tokenizer cuts it ("I'm" → "I", "'m"), its Universal POS tag and its lemma. */
    public record Tagged(String token, String tag, String lemma) {

        /** A verb in its base form ("go", not "went" or "goes"): an imperative when it opens a sentence. */
        public boolean baseVerb() {
            return tag.equals("VERB") && token.equalsIgnoreCase(lemma);
        }
    }

    private PartOfSpeech() {
    }

    /** The tokens of a sentence with their Universal POS tags and lemmas. */
    public static List<Tagged> tag(String sentence) {
        List<Tagged> out = new ArrayList<>();
        if (sentence == null || sentence.isBlank()) {
            return out;
        }
        String[] tokens = TOKENIZER.get().tokenize(sentence);
        String[] tags = TAGGER.get().tag(tokens);
        String[] lemmas = LEMMATIZER.get().lemmatize(tokens, tags);
        for (int i = 0; i < tokens.length; i++) {
            out.add(new Tagged(tokens[i], tags[i], lemmas[i]));
        }
        return out;
    }

    /** The models, read once on first use (opennlp-models-{tokenizer,pos,lemmatizer}-en). */
    private static final class Models {
        static final TokenizerModel TOKENS = load("/opennlp-en-ud-ewt-tokens-1.3-2.5.4.bin", TokenizerModel::new);
        static final POSModel TAGS = load("/opennlp-en-ud-ewt-pos-1.3-2.5.4.bin", POSModel::new);
        static final LemmatizerModel LEMMAS = load("/opennlp-en-ud-ewt-lemmas-1.3-2.5.4.bin", LemmatizerModel::new);

        private interface Reader<M> {
            M read(InputStream in) throws IOException;
        }

        private static <M> M load(String resource, Reader<M> reader) {
            try (InputStream in = PartOfSpeech.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing: the OpenNLP English model jar is not on the class path");
                }
                return reader.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read OpenNLP's model " + resource, e);
            }
        }
    }

    /** Tokenizer, tagger and lemmatizer keep per-call state, so each thread has its own. */
    private static final ThreadLocal<TokenizerME> TOKENIZER = ThreadLocal.withInitial(() -> new TokenizerME(Models.TOKENS));
    private static final ThreadLocal<POSTaggerME> TAGGER =
            ThreadLocal.withInitial(() -> new POSTaggerME(Models.TAGS, POSTagFormat.UD));
    private static final ThreadLocal<LemmatizerME> LEMMATIZER = ThreadLocal.withInitial(() -> new LemmatizerME(Models.LEMMAS));
}
