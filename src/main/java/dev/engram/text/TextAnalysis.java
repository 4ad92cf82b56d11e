package dev.engram.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import opennlp.tools.sentdetect.SentenceDetectorME;
import opennlp.tools.sentdetect.SentenceModel;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.apache.lucene.util.IOUtils;

/**
 * The one chain that turns text into sentences, words and comparable terms, from libraries:
 * sentences from Apache OpenNLP's sentence detector, words and terms from Lucene's English
 * analysis (Unicode word boundaries of UAX #29, possessives removed, lower case, Porter
 * stemming), so "Caroline's paintings" and "caroline painting" share their terms. {@link #terms}
 * also drops the Snowball English stop words (pronouns, auxiliaries, question words: "when did I
 * …" is not evidence); {@link #words} keeps them (phrases, and queries made only of stop words).
 * Thread-safe: Lucene analyzers keep their state per thread, and so does the sentence detector.
 */
public final class TextAnalysis {

    private static final CharArraySet SNOWBALL_STOP_WORDS = snowballStopWords();
    private static final NormalizeCharMap STRAIGHT_APOSTROPHES = straightApostrophes();
    private static final Analyzer TERMS = new EnglishAnalyzer(SNOWBALL_STOP_WORDS);
    private static final Analyzer WORDS = new EnglishAnalyzer(CharArraySet.EMPTY_SET);
    /** The tokenizer of the chain alone: words as written, with where they are. */
    private static final Analyzer SURFACE = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String field) {
            return new TokenStreamComponents(new StandardTokenizer());
        }
    };

    /** Content terms of any English text: only the Snowball stop words left out. */
    public static final ContentTerms ENGLISH = new ContentTerms(List.of());

    /**
     * Content terms of chat text. On top of Snowball's stop words, the words every chat and every
     * description of one shares, so they would make unrelated texts look alike: the role names
     * ("the user's name" is about a name, not a user), greetings, thanks and "please", "yes"/"ok",
     * and the modal verbs and adverbs Snowball keeps ("can you …", "I will also …").
     */
    public static final ContentTerms CHAT = new ContentTerms(List.of("user", "users", "assistant", "please", "thanks",
            "thank", "hi", "hello", "hey", "ok", "okay", "yes", "can", "will", "shall", "may", "might", "must", "just",
            "also", "mine"));

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

    /** A word as written and where it stands in the text ({@code text.substring(start, end)}). */
    public record Word(String text, int start, int end) {
    }

    /**
     * The words as written, in order, with their offsets: Unicode word boundaries (UAX #29), so
     * "I'm" and "450.50" are one word each, punctuation is none, and each ideograph is a word.
     * Emoji are left out: they are no words.
     */
    public static List<Word> surfaceWords(String text) {
        List<Word> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        String emoji = StandardTokenizer.TOKEN_TYPES[StandardTokenizer.EMOJI];
        try (TokenStream stream = SURFACE.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            TypeAttribute type = stream.addAttribute(TypeAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (!emoji.equals(type.type())) {
                    out.add(new Word(term.toString(), offset.startOffset(), offset.endOffset()));
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String cannot fail
        }
        return out;
    }

    /** Distinct content terms in order of appearance, Snowball stop words left out (see {@link ContentTerms#of}). */
    public static Set<String> contentTerms(String text) {
        return ENGLISH.of(text);
    }

    /** The share of {@code query}'s content terms that also occur in {@code text} (see {@link ContentTerms#overlap}). */
    public static double overlap(String query, String text) {
        return ENGLISH.overlap(query, text);
    }

    /**
     * Where a sentence ends whatever the model says. A line break: chat messages put list items
     * and short replies on lines of their own, often without a full stop. An exclamation or
     * question mark before a capital: unlike a full stop it ends no abbreviation or number, and
     * the model, trained on edited web text, keeps a chat opener with what follows now and then
     * ("Hi! I'm Ada." and "Hi! Tell me about Paris." stay one sentence).
     */
    private static final Pattern CERTAIN_BOUNDARY = Pattern.compile("\\s*\\R\\s*|(?<=[!?])\\s+(?=[\"'“‘(]?\\p{Lu})");

    /**
     * The sentences of a text, as OpenNLP's English sentence detector finds them: decimals
     * ("450.50"), e-mail addresses and abbreviations ("Dr. Ada") do not end a sentence; line
     * breaks, and "!" or "?" before a capital, always do (see {@link #CERTAIN_BOUNDARY}).
     */
    public static List<String> sentences(String text) {
        List<String> sentences = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return sentences;
        }
        SentenceDetectorME detector = SENTENCE_DETECTOR.get();
        for (String piece : CERTAIN_BOUNDARY.split(text)) {
            if (piece.isBlank()) {
                continue;
            }
            for (String sentence : detector.sentDetect(piece)) {
                String s = sentence.strip();
                if (!s.isEmpty()) {
                    sentences.add(s);
                }
            }
        }
        return sentences;
    }

    /**
     * Content terms with stop words of a caller's domain on top of Snowball's: Porter stems of
     * the words that say something, so "nights" matches "night" and "booked" matches "book".
     * Curly apostrophes count as straight ones ("I’m" is the stop word "i'm").
     */
    public static final class ContentTerms {

        private final CharArraySet stopWords;
        private final Analyzer stemmed;
        private final Analyzer unstemmed;

        ContentTerms(Collection<String> moreStopWords) {
            CharArraySet all = CharArraySet.copy(SNOWBALL_STOP_WORDS);
            all.addAll(moreStopWords);
            this.stopWords = CharArraySet.unmodifiableSet(all);
            this.stemmed = contentAnalyzer(stopWords, true);
            this.unstemmed = contentAnalyzer(stopWords, false);
        }

        /** Distinct content terms in order of appearance: "How many nights?" → many, night. */
        public Set<String> of(String text) {
            return new LinkedHashSet<>(analyze(stemmed, text));
        }

        /** The content words in order, lower case but not stemmed: "The name of the user's dog" → name, dog. */
        public List<String> words(String text) {
            return analyze(unstemmed, text);
        }

        /** Whether a lower-case word is one of the stop words. */
        public boolean isStopWord(String word) {
            return stopWords.contains(word.replace('’', '\''));
        }

        /** The share of {@code query}'s content terms that also occur in {@code text}, in [0, 1]; 0 when it has none. */
        public double overlap(String query, String text) {
            Set<String> wanted = of(query);
            if (wanted.isEmpty()) {
                return 0;
            }
            Set<String> present = of(text);
            long hits = wanted.stream().filter(present::contains).count();
            return (double) hits / wanted.size();
        }
    }

    /** The English chain of {@link EnglishAnalyzer}, with curly apostrophes made straight first. */
    private static Analyzer contentAnalyzer(CharArraySet stopWords, boolean stem) {
        return new Analyzer() {
            @Override
            protected Reader initReader(String field, Reader reader) {
                return new MappingCharFilter(STRAIGHT_APOSTROPHES, reader);
            }

            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer source = new StandardTokenizer();
                TokenStream result = new EnglishPossessiveFilter(source);
                result = new LowerCaseFilter(result);
                result = new StopFilter(result, stopWords);
                if (stem) {
                    result = new PorterStemFilter(result);
                }
                return new TokenStreamComponents(source, result);
            }
        };
    }

    private static NormalizeCharMap straightApostrophes() {
        NormalizeCharMap.Builder map = new NormalizeCharMap.Builder();
        map.add("’", "'");
        return map.build();
    }

    /** The Snowball project's English stop words (shipped with Lucene): pronouns, auxiliaries, question words. */
    private static CharArraySet snowballStopWords() {
        try (Reader reader = IOUtils.getDecodingReader(SnowballFilter.class, "english_stop.txt", StandardCharsets.UTF_8)) {
            return WordlistLoader.getSnowballWordSet(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Lucene's english_stop.txt is missing from lucene-analysis-common", e);
        }
    }

    /** OpenNLP's English sentence model, read once on first use; the model is immutable and shared. */
    private static final class SentenceModelHolder {
        static final String RESOURCE = "/opennlp-en-ud-ewt-sentence-1.3-2.5.4.bin"; // in opennlp-models-sentdetect-en
        static final SentenceModel MODEL = load();

        private static SentenceModel load() {
            try (InputStream in = TextAnalysis.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing: the opennlp-models-sentdetect-en jar is not on the class path");
                }
                return new SentenceModel(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read OpenNLP's sentence model " + RESOURCE, e);
            }
        }
    }

    /** A detector per thread: SentenceDetectorME keeps the state of the text it is splitting. */
    private static final ThreadLocal<SentenceDetectorME> SENTENCE_DETECTOR =
            ThreadLocal.withInitial(() -> new SentenceDetectorME(SentenceModelHolder.MODEL));

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
