package dev.engram.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTagFormat;
import opennlp.tools.postag.POSTaggerME;
import opennlp.tools.tokenize.TokenizerME;
import opennlp.tools.tokenize.TokenizerModel;

/**
 * Parts of speech of an English sentence from Apache OpenNLP's Universal Dependencies (EWT)
 * models: its tokenizer, then its tagger with the tags mapped to the Penn Treebank set, which
 * tells tenses apart ("went" is VBD, a past-tense verb; "go" VB). Thread-safe: each thread has
 * its own tokenizer and tagger, the models are shared.
 */
public final class PartOfSpeech {

    /** A token as OpenNLP's tokenizer cuts it ("I'm" → "I", "'m") and its Penn Treebank tag. */
    public record Tagged(String token, String tag) {

        /** A verb in the past tense or a past participle ("went", "have been"). */
        public boolean pastVerb() {
            return tag.equals("VBD") || tag.equals("VBN");
        }
    }

    private PartOfSpeech() {
    }

    /** The tokens of a sentence with their Penn Treebank tags. */
    public static List<Tagged> tag(String sentence) {
        List<Tagged> out = new ArrayList<>();
        if (sentence == null || sentence.isBlank()) {
            return out;
        }
        String[] tokens = TOKENIZER.get().tokenize(sentence);
        String[] tags = TAGGER.get().tag(tokens);
        for (int i = 0; i < tokens.length; i++) {
            out.add(new Tagged(tokens[i], tags[i]));
        }
        return out;
    }

    /** Whether the sentence has a verb in the past tense or a past participle: it tells of something done. */
    public static boolean tellsThePast(String sentence) {
        return tag(sentence).stream().anyMatch(Tagged::pastVerb);
    }

    /** The models, read once on first use (in opennlp-models-tokenizer-en and opennlp-models-pos-en). */
    private static final class Models {
        static final TokenizerModel TOKENS = load("/opennlp-en-ud-ewt-tokens-1.3-2.5.4.bin", TokenizerModel::new);
        static final POSModel TAGS = load("/opennlp-en-ud-ewt-pos-1.3-2.5.4.bin", POSModel::new);

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

    /** Tokenizer and tagger keep per-call state, so each thread has its own. */
    private static final ThreadLocal<TokenizerME> TOKENIZER = ThreadLocal.withInitial(() -> new TokenizerME(Models.TOKENS));
    private static final ThreadLocal<POSTaggerME> TAGGER =
            ThreadLocal.withInitial(() -> new POSTaggerME(Models.TAGS, POSTagFormat.PENN));
}
