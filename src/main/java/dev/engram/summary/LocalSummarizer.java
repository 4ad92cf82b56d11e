package dev.engram.summary;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import dev.engram.fact.FactExtractor;
import dev.engram.message.Turn;
import dev.engram.text.PartsOfSpeech;
import dev.engram.text.Perspective;
import dev.engram.text.TextAnalysis;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extractive summaries without a language model: the sentences of a conversation that carry the
 * most content, told in the third person and dated ("On 8 May 2023, Ada went to a support group
 * yesterday. Ada's sister visits Ada often."), within {@link #MAX_CHARS}.
 *
 * <p>How the sentences are picked. Greetings, thanks, questions and exclamations are dropped;
 * what is left is rewritten from the speaker's point of view into the reporter's ("I went" →
 * "Ada went"; a sentence without "I" is reported: "Ada said the stories were inspiring"). Each
 * sentence is then scored by its centrality: the cosine similarity of its sentence embedding to
 * the centroid of all the sentences of the summary and the new messages, so what the
 * conversation keeps coming back to ranks above asides. Sentences are taken by centrality while
 * they fit, skipping one that says again what a taken one says (cosine ≥ {@link #REDUNDANT} and no
 * new content word), as in maximal marginal relevance; the ones taken are written in the order
 * they were said. Reported opinions rank lower than what the speakers tell of themselves (see
 * {@link #cues}).
 *
 * <p>Progressive: the previous summary's sentences (with their dates) compete with the new ones,
 * so while there is room the summary only grows, and when there is not, the least central
 * sentences, old or new, are the ones that go.
 */
public class LocalSummarizer implements Summarizer {

    static final int MAX_CHARS = 1200;
    /**
     * Cosine similarity (bge-small-en-v1.5) from which a sentence that names nothing new (no
     * content word the other lacks) repeats one already taken. Embeddings alone would take "Ada
     * visited museum 4" for a repetition of "Ada visited museum 1".
     */
    static final double REDUNDANT = 0.93;
    /**
     * Taken from the centrality of a sentence in reported speech (see {@link #cues}). Chosen on
     * LoCoMo's development conversations (make eval-summaries): 0.05 named 72% of the events at
     * cosine 0.60, 0.10 77%, 0.20 83%; a bonus for verbs in the past tense made no difference.
     */
    static final double REPORTED_PENALTY = 0.20;
    /** A sentence in reported speech, as {@link #tell} writes it: "Ada said …", "The assistant said …". */
    private static final Pattern REPORTED = Pattern.compile("^(?:The assistant|\\S+(?: \\S+)?) said ");
    /** A chat "sentence" longer than this (a run-on message) is cut at a word boundary. */
    static final int MAX_SENTENCE_CHARS = 280;
    /** Content words a sentence needs to say anything worth keeping ("I love it!" has one). */
    private static final int MIN_CONTENT_WORDS = 2;

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    /** The date marker that opens the first sentence of each day: "On 8 May 2023, ". */
    private static final Pattern DATE_MARKER = Pattern.compile("^On (\\d{1,2} [A-Z][a-z]+ \\d{4}), (.+)$", Pattern.DOTALL);

    private static final Pattern SMALL_TALK = Pattern.compile(
            "^(?:hi|hello|hey|thanks|thank you|welcome|good (?:morning|afternoon|evening|night)|bye|goodbye|ok|okay|"
                    + "sure|great|cool|nice|yes|no|yeah|yep|nope|alright|got it|you're welcome|no problem|"
                    + "how can i help|how may i help|what can i do for you|anything else|glad to help)\\b.{0,30}$",
            Pattern.CASE_INSENSITIVE);
    /**
     * Interjections and fillers that open a chat sentence ("Wow, ", "Yeah, ", "Oh, by the way,
     * "): cut off, so "Yeah, I painted that last year" is kept as "I painted that last year"
     * and "Wow, that's so cool!" is left with nothing of substance.
     */
    private static final Pattern LEADING_FILLER = Pattern.compile(
            "^(?:(?:wow|whoa|oh|ooh|aw+|yeah|yep|yes|yup|well|so|hmm+|um+|uh|haha\\w*|lol|omg|yay|woohoo|yikes|ugh"
                    + "|btw|by the way|anyway|actually|honestly|ok|okay|oh well)\\b[\\s,!.…-]*)+",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern POLITE_REQUEST = Pattern.compile(
            "^(?:please\\s+)?(?:can|could|would|will) you (?:please )?(.+?)\\??$", Pattern.CASE_INSENSITIVE);
    private static final Set<String> IMPERATIVES = Set.of("find", "book", "show", "tell", "give", "help", "recommend",
            "suggest", "check", "send", "get", "make", "plan", "remind", "list", "search", "look", "please", "cancel",
            "add", "change", "schedule", "order", "buy", "reserve", "explain", "write", "summarize", "translate");
    /** First words that are not names, so they go lower case after "said" or a date marker. */
    private static final Set<String> COMMON_OPENERS = Set.of("the", "a", "an", "it", "this", "that", "these", "those",
            "there", "they", "their", "them", "its", "here", "both", "all", "some", "our", "booked", "sure", "yes", "no",
            "maybe", "perhaps", "today", "tomorrow", "yesterday", "and", "but", "so", "also", "last", "next", "every",
            "my", "his", "her", "one", "two", "what", "when", "being", "having", "getting", "seeing", "just", "it's",
            "that's", "there's", "they're", "here's", "what's", "lots", "many", "most");
    private static final Pattern SINGULAR_FIRST_PERSON =
            Pattern.compile("(?i)\\b(?:I|I[’']m|I[’']ve|I[’']d|I[’']ll|me|my|mine|myself)\\b");
    /**
     * The words of reactions to what the other said: praise, agreement, thanks and wishes
     * ("Sounds great, glad you had fun!", "Your kind words mean a lot"). Lower case, as written.
     */
    private static final Set<String> REACTION_WORDS = Set.of(
            "awesome", "great", "cool", "amazing", "glad", "love", "loving", "loved", "lovely", "sounds", "sound",
            "nice", "sweet", "beautiful", "gorgeous", "incredible", "happy", "totally", "agree", "agreed",
            "definitely", "really", "super", "appreciate", "appreciated", "thanks", "thank", "fun", "proud",
            "inspiring", "wonderful", "fantastic", "good", "best", "stunning", "pic", "pics", "photo", "special",
            "mean", "means", "lot", "lots", "kind", "words", "hope", "wish", "wishing", "luck", "congrats",
            "congratulations", "exciting", "excited", "look", "looks", "like", "wow", "true", "absolutely", "sure",
            "bet", "keep", "going", "sharing", "share", "hear", "hearing", "chat", "chatting", "talk", "talking",
            "see", "seeing", "know", "sorry", "okay", "ok", "yeah", "yes", "right", "exactly", "much", "thing",
            "things", "stuff", "feel", "feels", "felt", "feeling", "well", "gonna", "wanna", "got", "get", "go",
            "tell", "say", "said", "heard", "way", "haha", "lol", "hey", "hi");
    /** How an AI assistant is named in a summary. */
    private static final String THE_ASSISTANT = "the assistant";
    /** Role names that stand for an AI assistant rather than a person. */
    private static final Set<String> ASSISTANT_NAMES = Set.of("ai", "bot", "chatbot", "agent", "model");

    /** Sentences of recent summaries whose vectors are kept (about 1.6 KB each). */
    static final int KEPT_SENTENCE_VECTORS = 4_096;

    private final Embedder embedder;
    /**
     * The vectors of the sentences of the summaries made lately, by their exact text. A session's
     * next summary starts from its previous one, whose sentences (most of a fold's pool) were
     * embedded when it was made; they are looked up here instead of embedded again. Only the
     * previous summary's sentences are looked up, so what one conversation said never stands in
     * for another's new sentences.
     */
    private final Cache<String, float[]> summarySentenceVectors = Caffeine.newBuilder()
            .maximumSize(KEPT_SENTENCE_VECTORS).build();

    public LocalSummarizer(Embedder embedder) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
    }

    /** A summary sentence: what it says (third person, no date marker) and the day it was said, if known. */
    record Statement(LocalDate date, String text) {
    }

    @Override
    public String summarize(String previousSummary, List<Turn> turns, String userName) {
        List<Statement> previous = parse(previousSummary);
        List<Statement> added = new ArrayList<>();
        for (Turn turn : turns) {
            added.addAll(statements(turn, userName, addressee(turn, turns, userName)));
        }
        if (added.isEmpty() && previous.isEmpty()) {
            String who = userName == null || userName.isBlank() ? "The user" : userName.strip();
            return who + " exchanged " + turns.size() + " message" + (turns.size() == 1 ? "" : "s")
                    + " without stating anything of note.";
        }
        List<Statement> pool = new ArrayList<>(new LinkedHashSet<>(concat(previous, added)));
        Set<String> previousTexts = previous.stream().map(Statement::text).collect(java.util.stream.Collectors.toSet());
        List<float[]> vectors = vectors(pool, previousTexts);
        List<Statement> chosen = select(pool, vectors);
        for (int i = 0; i < pool.size(); i++) {
            if (chosen.contains(pool.get(i))) {
                summarySentenceVectors.put(pool.get(i).text(), vectors.get(i));
            }
        }
        return render(chosen);
    }

    /**
     * The vectors of the pool's sentences: those of the previous summary from {@link
     * #summarySentenceVectors} when it has them, the others embedded in one call.
     */
    private List<float[]> vectors(List<Statement> pool, Set<String> previousTexts) {
        float[][] vectors = new float[pool.size()][];
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            String text = pool.get(i).text();
            vectors[i] = previousTexts.contains(text) ? summarySentenceVectors.getIfPresent(text) : null;
            if (vectors[i] == null) {
                missing.add(i);
            }
        }
        List<float[]> embedded = embedder.embedAll(missing.stream().map(i -> pool.get(i).text()).toList());
        for (int k = 0; k < missing.size(); k++) {
            vectors[missing.get(k)] = embedded.get(k);
        }
        return Arrays.asList(vectors);
    }

    /**
     * The most central sentences of the pool that fit in {@link #MAX_CHARS} together, none
     * repeating another, in their original order.
     */
    List<Statement> select(List<Statement> pool) {
        return select(pool, embedder.embedAll(pool.stream().map(Statement::text).toList()));
    }

    /** {@link #select(List)} with the pool's vectors given. */
    private static List<Statement> select(List<Statement> pool, List<float[]> vectors) {
        float[] centroid = Vectors.mean(vectors);
        double[] centrality = new double[pool.size()];
        for (int i = 0; i < pool.size(); i++) {
            centrality[i] = dot(vectors.get(i), centroid) + cues(pool.get(i).text());
        }
        List<Integer> byCentrality = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            byCentrality.add(i);
        }
        byCentrality.sort(Comparator.comparingDouble((Integer i) -> -centrality[i]).thenComparing(i -> i));
        Set<Integer> taken = new TreeSet<>();
        for (int candidate : byCentrality) {
            boolean repeats = taken.stream().anyMatch(t -> dot(vectors.get(t), vectors.get(candidate)) >= REDUNDANT
                    && TextAnalysis.terms(pool.get(t).text()).containsAll(TextAnalysis.terms(pool.get(candidate).text())));
            if (repeats) {
                continue;
            }
            taken.add(candidate);
            if (render(taken.stream().map(pool::get).toList()).length() > MAX_CHARS) {
                taken.remove(candidate); // a shorter, less central sentence may still fit
            }
        }
        return taken.stream().map(pool::get).toList();
    }

    /**
     * What the wording says about a sentence beyond its centrality: one the summary had to report
     * ("Ada said the stories were inspiring") is likelier an opinion or a reaction than something
     * the speaker did, so it comes after the speakers' own accounts unless there is room.
     */
    static double cues(String statement) {
        return REPORTED.matcher(statement).find() ? -REPORTED_PENALTY : 0;
    }

    /** The statements of one message: what its speaker said that is worth keeping, in the third person. */
    List<Statement> statements(Turn turn, String userName, String addressee) {
        boolean user = turn.isUser();
        boolean assistant = "assistant".equals(turn.roleType());
        if (!user && !assistant || turn.content() == null) {
            return List.of(); // system prompts, tool and function output are not part of what was said
        }
        String speaker = user ? FactExtractor.subjectOf(turn, userName) : assistantName(turn);
        LocalDate date = turn.createdAt() == null ? null : turn.createdAt().toLocalDate();
        List<Statement> out = new ArrayList<>();
        for (String sentence : TextAnalysis.sentences(turn.content())) {
            String told = tell(sentence.strip(), speaker, addressee);
            if (told != null) {
                out.add(new Statement(date, shorten(told)));
            }
        }
        return out;
    }

    /** One sentence told by a reporter, or null when it says nothing worth keeping. */
    private static String tell(String said, String speaker, String addressee) {
        String sentence = said;
        Matcher filler = LEADING_FILLER.matcher(said);
        if (filler.find() && filler.end() < said.length()) {
            sentence = Perspective.capitalize(said.substring(filler.end()));
        }
        sentence = withoutVocative(sentence, addressee);
        if (SMALL_TALK.matcher(sentence).matches()) {
            return null; // greetings and thanks ("Welcome to Lisbon!"), whatever their grammar
        }
        Matcher polite = POLITE_REQUEST.matcher(sentence);
        List<String> words = words(sentence);
        String firstWord = words.isEmpty() ? "" : words.get(0).toLowerCase(Locale.ROOT);
        // Only a real assistant is asked to do things; between two people an imperative is
        // mostly advice or cheer ("Make your dreams happen"), a polite request may be one.
        boolean toAssistant = addressee.equals(THE_ASSISTANT);
        // Tagged once: both the imperative test and the dropped-subject test below read the tags.
        List<PartsOfSpeech.Token> tagged = PartsOfSpeech.tag(sentence);
        boolean imperative = imperative(tagged);
        boolean request = polite.matches()
                || toAssistant && (IMPERATIVES.contains(firstWord) || imperative) && !sentence.endsWith("?");
        if (request || imperative && speaker.equals(THE_ASSISTANT)) {
            // "Can you book Sintra for me?" → "Ada asked the assistant to book Sintra for them";
            // the assistant's "Take the early train" → "The assistant advised Ada to take the early train".
            String what = polite.matches() ? polite.group(1) : sentence.replaceFirst("(?i)^please\\s+", "");
            if (TextAnalysis.CHAT.of(what).size() < MIN_CONTENT_WORDS) {
                return null;
            }
            // The speaker is named at the start ("Ada asked …"), so "me" in the task is "them".
            String task = Perspective.rewriteAddressee(
                    Perspective.rewritePlural(Perspective.rewrite(what, Perspective.Subject.they())),
                    Perspective.Subject.named(addressee));
            return Perspective.capitalize(speaker) + (request ? " asked " : " advised ") + addressee + " to "
                    + Character.toLowerCase(task.charAt(0)) + task.substring(1).replaceAll("[.!?…]+$", "") + ".";
        }
        if (imperative) {
            return null; // advice and encouragement ("Hang in there", "Let's go dancing") tell no events
        }
        if (sentence.endsWith("?") || substance(sentence, speaker, addressee) < MIN_CONTENT_WORDS) {
            return null; // questions, greetings, thanks and reactions tell no events
        }
        boolean droppedSubject = withoutSubject(sentence, tagged);
        if (droppedSubject) {
            sentence = speaker + " " + Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
        }
        String text = Perspective.rewriteAddressee(thirdPerson(sentence, speaker), Perspective.Subject.named(addressee));
        if (!droppedSubject && !SINGULAR_FIRST_PERSON.matcher(sentence).find()) {
            // Without "I" the sentence does not say who: the reporter does.
            text = Perspective.capitalize(speaker) + " said " + lowerOpener(text, List.of(speaker, addressee));
        }
        text = text.replaceAll("\\s*[!…]+$", ".").replaceAll("([^.])$", "$1.");
        return Perspective.capitalize(text);
    }

    /**
     * How many words of the sentence say something: content words that are neither the names of
     * the two speakers nor words of {@link #REACTION_WORDS}. "That's so awesome, Ada!" has none,
     * "I went to a support group yesterday" has three.
     */
    private static long substance(String sentence, String speaker, String addressee) {
        Set<String> names = new HashSet<>(TextAnalysis.CHAT.words(speaker + " " + addressee));
        return TextAnalysis.CHAT.words(sentence).stream().filter(w -> !names.contains(w) && !REACTION_WORDS.contains(w))
                .distinct().count();
    }

    /**
     * A chat sentence that leaves out its subject "I" and opens with an inflected verb ("Just got
     * back from a road trip", "Started yoga last week"): the speaker is its subject.
     */
    private static boolean withoutSubject(String sentence, List<PartsOfSpeech.Token> tagged) {
        for (PartsOfSpeech.Token t : tagged) {
            if (t.firstTag().equals("ADV")) {
                continue; // "Just got back"
            }
            String word = t.text().toLowerCase(Locale.ROOT);
            return t.firstTag().equals("VERB") && !t.baseVerb() && !word.endsWith("ing") && !word.endsWith("s")
                    && Character.isUpperCase(sentence.charAt(0));
        }
        return false;
    }

    /** A sentence that opens with a verb in its base form: an imperative ("Keep it up", "Let's go"). */
    private static boolean imperative(List<PartsOfSpeech.Token> tagged) {
        return !tagged.isEmpty() && tagged.get(0).baseVerb();
    }

    /** The sentence without the name of the person spoken to at its start or end ("Ada, …", "…, Ada!"). */
    private static String withoutVocative(String sentence, String addressee) {
        String name = Pattern.quote(addressee);
        String s = sentence.replaceFirst("^(?i:hey |hi |oh )?" + name + "\\s*[,!.]\\s+(?=\\S)", "")
                .replaceFirst("\\s*,\\s*" + name + "(?=[.!?…]*$)", "");
        return s.equals(sentence) ? sentence : Perspective.capitalize(s);
    }

    /** "I moved, we loved it" said by Ada → "Ada moved, they loved it". */
    private static String thirdPerson(String sentence, String speaker) {
        return Perspective.rewritePlural(Perspective.rewrite(sentence, Perspective.Subject.named(speaker),
                Perspective.Subject.they()));
    }

    /** Who a message is addressed to: the other speaker of the conversation, or the user / the assistant. */
    private static String addressee(Turn turn, List<Turn> turns, String userName) {
        if (turn.isUser()) {
            return turns.stream().filter(t -> "assistant".equals(t.roleType())).map(LocalSummarizer::assistantName)
                    .filter(name -> !name.equals(THE_ASSISTANT)).findFirst().orElse(THE_ASSISTANT);
        }
        return turns.stream().filter(Turn::isUser).map(t -> FactExtractor.subjectOf(t, userName)).findFirst()
                .orElse(userName == null || userName.isBlank() ? "the user" : userName.strip());
    }

    /** An assistant's name when its role gives one (the other person of a two-person conversation), else "the assistant". */
    private static String assistantName(Turn turn) {
        String role = turn.role() == null ? "" : turn.role().strip();
        String lower = role.toLowerCase(Locale.ROOT);
        return role.isEmpty() || FactExtractor.ROLE_TYPE_NAMES.contains(lower) || ASSISTANT_NAMES.contains(lower)
                ? THE_ASSISTANT : role;
    }

    /** The summary's sentences with the day each was said (a marker dates the sentences after it too). */
    static List<Statement> parse(String summary) {
        List<Statement> out = new ArrayList<>();
        if (summary == null || summary.isBlank()) {
            return out;
        }
        LocalDate date = null;
        for (String sentence : TextAnalysis.sentences(summary)) {
            Matcher marker = DATE_MARKER.matcher(sentence);
            String text = sentence;
            if (marker.matches()) {
                try {
                    date = LocalDate.parse(marker.group(1), DATE);
                    text = Perspective.capitalize(marker.group(2));
                } catch (DateTimeParseException e) {
                    // not a marker of ours: the sentence stays as written
                }
            }
            out.add(new Statement(date, text));
        }
        return out;
    }

    /** The statements as prose, a date marker before the first sentence of each day. */
    static String render(List<Statement> statements) {
        StringBuilder out = new StringBuilder();
        LocalDate current = null;
        for (Statement s : statements) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            if (s.date() != null && !s.date().equals(current)) {
                out.append("On ").append(DATE.format(s.date())).append(", ").append(lowerOpener(s.text(), null));
                current = s.date();
            } else {
                out.append(s.text());
            }
        }
        return out.toString();
    }

    /**
     * The first word in lower case unless it is "I" or a name (one of {@code names}, or a proper
     * noun to OpenNLP's tagger): "The stories were …" → "the stories were …", "Paris was …" stays.
     */
    private static String lowerOpener(String text, List<String> names) {
        List<String> words = words(text);
        if (words.isEmpty() || !text.startsWith(words.get(0)) || words.get(0).equals("I")
                || words.get(0).startsWith("I'") || words.get(0).startsWith("I’")) {
            return text;
        }
        boolean common = COMMON_OPENERS.contains(words.get(0).toLowerCase(Locale.ROOT));
        if (!common) {
            // Without the speakers' names to go by (a stored summary), only the common words are safe to lower.
            String word = words.get(0).replaceFirst("[’']s$", "");
            if (names == null || names.stream().anyMatch(n -> n.equalsIgnoreCase(word))) {
                return text;
            }
            List<PartsOfSpeech.Token> tagged = PartsOfSpeech.tag(text);
            if (tagged.isEmpty() || tagged.get(0).firstTag().equals("PROPN")) {
                return text;
            }
        }
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    /** A run-on sentence cut at the last word boundary before {@link #MAX_SENTENCE_CHARS}. */
    private static String shorten(String sentence) {
        if (sentence.length() <= MAX_SENTENCE_CHARS) {
            return sentence;
        }
        int cut = sentence.lastIndexOf(' ', MAX_SENTENCE_CHARS - 1);
        return sentence.substring(0, cut > 0 ? cut : MAX_SENTENCE_CHARS - 1).replaceAll("[,;:\\s]+$", "") + "…";
    }

    /** The words of a sentence as written (case matters here). */
    private static List<String> words(String sentence) {
        return TextAnalysis.surfaceWords(sentence).stream().map(TextAnalysis.Word::text).toList();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Cosine similarity of unit vectors. */
    private static double dot(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
