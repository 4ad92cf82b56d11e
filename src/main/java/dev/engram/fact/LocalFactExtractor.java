package dev.engram.fact;

import dev.engram.message.Turn;
import dev.engram.text.PartsOfSpeech;
import dev.engram.text.PartsOfSpeech.Token;
import dev.engram.text.Perspective;
import dev.engram.text.TextAnalysis;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Learns facts from what people say about themselves and each other, from the parts of speech
 * of each sentence (Apache OpenNLP, see {@link PartsOfSpeech}) — in-process, deterministic.
 *
 * <p>A sentence is cut into clauses (at commas, semicolons and conjunctions that start a new
 * subject and verb); a clause is a statement when it has a subject — "I" (the speaker), "we",
 * "my …" / "our …", or a name the speaker introduced ("you …" is left out: what one says of the
 * listener is mostly praise) — a verb that is neither
 * negated, nor modal ("would", "could", …), nor one of talking and opining ("think", "know",
 * "guess", …), and an object that holds a content word (a noun, a name or a number; an adjective
 * only for lasting states such as "vegan" or after "my …"). Questions, conditions ("if …"),
 * requests (no subject) and compliments about the other party teach nothing. The fact is the
 * clause from its subject on, in the third person ("I went to a support group yesterday" said by
 * Caroline → "Caroline went to a support group yesterday"); the relation is the verb's lemma with
 * its preposition ({@code GO_TO}); a handful of relations that hold one value at a time are
 * written canonically ("I moved to Lisbon" → "Ada lives in Lisbon", {@code LIVES_IN}), so that a
 * new city ends the old one.
 *
 * <p>Who speaks: the message's {@code role} when it names someone (both people of a two-person
 * conversation are learnt about), the user's name for role type {@code user}; a role that is only
 * a role type ("assistant") teaches nothing about itself. "You" is the speaker of the nearest
 * earlier turn by someone else, when that is a name.
 */
public class LocalFactExtractor implements FactExtractor {

    /** Longest object kept, in tokens: longer ones are cut at the last content word before it. */
    static final int MAX_OBJECT_TOKENS = 16;

    private static final Set<String> NOT_PEOPLE = Set.of("ai", "bot", "assistant", "system", "model", "agent", "tool",
            "function", "user", "norole");
    /** Openers of a clause whose content is not asserted. */
    private static final Set<String> CONDITIONS = Set.of("if", "unless", "whether", "suppose", "supposing", "imagine",
            "hopefully", "maybe", "perhaps");
    private static final Set<String> MODALS = Set.of("would", "could", "might", "should", "may", "must", "can", "shall",
            "ca", "wo");
    private static final Set<String> NEGATIONS = Set.of("not", "never", "no", "n't", "nothing", "nobody", "none",
            "neither", "nor", "hardly");
    /** Verbs of talking, knowing and opining: what follows is talk about the talk, not a fact. */
    private static final Set<String> TALK_VERBS = Set.of("think", "guess", "know", "mean", "bet", "wonder", "agree",
            "believe", "hope", "wish", "say", "tell", "ask", "see", "hear", "understand", "appreciate", "thank",
            "suppose", "imagine", "admit", "promise", "doubt", "assume", "reckon", "figure", "realize", "realise",
            "remember", "forget", "sound", "look", "seem", "let", "miss", "care", "count", "congratulate", "wait",
            "catch", "mind", "matter", "welcome", "recommend", "reccomend", "suggest", "advise", "encourage", "urge");
    /** Verbs of liking: with the other party's things as object they are compliments, not facts. */
    private static final Set<String> LIKING = Set.of("love", "like", "enjoy", "admire", "adore", "appreciate", "dig");
    /** Verbs that take "to" + a verb as their object ("I want to learn Japanese"). */
    private static final Set<String> CATENATIVES = Set.of("want", "plan", "try", "decide", "need", "love", "like",
            "start", "begin", "keep", "go", "learn", "intend", "aim", "hate", "prefer", "continue", "hope", "choose");
    /** Adjectives of a lasting state, which make a fact without a noun ("I'm vegan"); moods do not. */
    private static final Set<String> STATES = Set.of("vegetarian", "vegan", "pescatarian", "diabetic", "pregnant",
            "married", "engaged", "single", "divorced", "widowed", "retired", "unemployed", "self-employed", "freelance",
            "left-handed", "right-handed", "deaf", "blind", "intolerant", "coeliac", "celiac", "asthmatic", "epileptic",
            "dyslexic", "autistic", "introverted", "extroverted", "bilingual", "trilingual", "vaccinated", "disabled",
            "sober", "transgender", "trans", "gay", "lesbian", "bisexual", "queer", "nonbinary", "non-binary");
    /** Words of a time phrase that may stand before the subject ("Last week I …", "Yesterday we …"). */
    private static final Set<String> TIME_WORDS = Set.of("yesterday", "today", "tonight", "week", "weekend", "month",
            "year", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "fri", "sat", "tues",
            "morning", "evening", "night", "summer", "winter", "spring", "fall", "autumn", "recently", "lately", "ago",
            "christmas", "thanksgiving", "holiday", "holidays", "january", "february", "march", "april", "may",
            "june", "july", "august", "september", "october", "november", "december", "afternoon", "day", "days");
    /** Pronouns that stand for something named elsewhere, or for nothing in particular. */
    private static final Set<String> INDEFINITE = Set.of("it", "this", "that", "them", "these", "those", "one",
            "something", "anything", "everything", "nothing", "someone", "anyone", "everyone", "somebody", "stuff");
    private static final Set<String> PARTICLES = Set.of("off", "up", "out", "down", "over", "away", "back", "on", "in",
            "around", "through");
    private static final Set<String> WH_WORDS = Set.of("what", "how", "why", "where", "when", "whether", "whatever",
            "however", "whoever", "which", "who");
    /** What one "needs" from the listener in the moment rather than in life. */
    private static final Set<String> MOMENTARY_NEEDS = Set.of("help", "hand", "minute", "moment", "second", "break",
            "favour", "favor", "answer", "recommendation", "suggestion", "refund", "reply", "word", "quote", "advice",
            "book", "appointment", "ticket", "booking", "reservation", "order", "price", "know", "ask", "check", "cancel",
            "reschedule", "confirm", "flight", "table");
    /** Adverbs that add emphasis, not content: left out of the fact ("I really love" → "loves"). */
    private static final Set<String> EMPHASIS = Set.of("really", "just", "also", "actually", "definitely", "totally",
            "honestly", "even", "truly", "absolutely", "seriously", "literally", "so", "super", "kinda", "pretty");
    /** Adjectives of certainty: "I'm sure …" is an opinion, not a fact. */
    private static final Set<String> EPISTEMIC = Set.of("sure", "certain", "convinced", "confident", "aware", "positive",
            "afraid", "glad", "sorry", "happy", "excited", "thrilled", "proud", "grateful", "thankful", "lucky", "blessed",
            "fortunate");
    /** Verbs whose past tense is their base form: the tag cannot tell "I set" (past) from "I set" (present). */
    private static final Set<String> SAME_IN_THE_PAST = Set.of("set", "put", "cut", "hit", "let", "read", "quit", "hurt",
            "shut", "cost", "spread", "upset", "bet", "split", "broadcast", "burst", "cast", "fit", "shed", "spit", "thrust");
    /** Nouns that need their "of …" to mean anything ("a fan", "the whole collection", "a member"). */
    private static final Set<String> RELATIONAL_NOUNS = Set.of("fan", "collection", "member", "series", "copy", "sequel");
    /** What one has to tell rather than a thing one has ("I've got a funny story", "I have some news"). */
    private static final Set<String> TELLABLES = Set.of("story", "news", "update", "announcement", "confession", "secret");
    /** Nouns too vague to carry a fact on their own ("I have a question", "I had a lot of fun"). */
    private static final Set<String> VAGUE_NOUNS = Set.of("thing", "lot", "bit", "question", "problem", "idea", "time",
            "way", "sense", "one", "stuff", "kind", "sort", "point", "deal", "pleasure", "fault", "turn", "mistake",
            "issue", "moment", "minute", "second", "chance", "luck", "fun", "hand", "favor", "favour", "help", "word",
            "day", "today", "tonight", "yesterday", "tomorrow", "week", "weekend", "month", "year", "now", "while", "ton", "tons", "yes", "no", "hi", "hey", "thanks", "lol", "haha",
            "sure", "ones", "going", "anything", "something", "everything", "nothing", "everyone", "someone", "anyone");
    /** Words before the subject that do not belong to the statement ("Yeah, actually I …"). */
    private static final Set<String> OPENERS = Set.of("also", "actually", "really", "just", "honestly", "so", "well",
            "now", "anyway", "recently", "finally", "still", "lately", "yeah", "yes", "oh", "wow", "plus", "then",
            "luckily", "thankfully", "basically", "definitely", "totally", "sure", "and", "but", "lol", "haha", "hey",
            "hi", "hello", "ok", "okay", "btw", "aw", "aww", "ah", "omg", "ya", "yep", "cool", "nice", "great");
    /** Punctuation that ends a clause. */
    private static final Set<String> CLAUSE_PUNCT = Set.of(",", ";", ":", "-", "--", "–", "—", "(", ")", "...", "…",
            "\"", "!", "?", ".");

    /** "my"/"our" followed later by a capitalised word: a sentence that may introduce a name. */
    private static final Pattern INTRODUCTION_HINT =
            Pattern.compile("\\b(?:(?i:my|our)\\s+(?:\\p{Ll}+\\s+){1,3}|called |named )\\p{Lu}");

    /** Whose clause it is: the subject's kind, with the words it is written with. */
    private enum SubjectKind { SPEAKER, WE, POSSESSED, NAMED }

    private record Subject(SubjectKind kind, String text, String node, int end) {
    }

    /** A relation written canonically: it holds one value at a time. */
    private record Canonical(String verb, String preposition, String name, String template) {
    }

    private static final List<Canonical> CANONICAL = List.of(
            new Canonical("live", "in", "LIVES_IN", "{S} lives in {T}"),
            new Canonical("move", "to", "LIVES_IN", "{S} lives in {T}"),
            new Canonical("relocate", "to", "LIVES_IN", "{S} lives in {T}"),
            new Canonical("work", "at", "WORKS_AT", "{S} works at {T}"),
            new Canonical("work", "for", "WORKS_AT", "{S} works at {T}"),
            new Canonical("be", "from", "IS_FROM", "{S} is from {T}"),
            new Canonical("come", "from", "IS_FROM", "{S} is from {T}"));

    @Override
    public List<ExtractedFact> extract(Conversation conversation) {
        Map<String, ExtractedFact> facts = new LinkedHashMap<>();
        Set<String> introduced = new HashSet<>();
        List<Turn> earlier = new ArrayList<>(conversation.context());
        for (Turn turn : conversation.context()) {
            rememberIntroductions(turn, conversation.userName(), introduced);
        }
        for (Turn turn : conversation.turns()) {
            String speaker = speakerName(turn, conversation.userName());
            if (speaker != null && turn.content() != null) {
                String other = otherParty(earlier, turn, conversation.userName());
                for (String sentence : TextAnalysis.sentences(turn.content())) {
                    for (ExtractedFact fact : fromSentence(sentence, speaker, other, turn, introduced)) {
                        facts.putIfAbsent(fact.fact().toLowerCase(Locale.ROOT), fact);
                    }
                }
            }
            earlier.add(turn);
        }
        return new ArrayList<>(facts.values());
    }

    /** The names a turn introduces ("my cat Pixel"), so that what is said of them later is understood. */
    private static void rememberIntroductions(Turn turn, String userName, Set<String> introduced) {
        String speaker = speakerName(turn, userName);
        if (speaker == null || turn.content() == null || !INTRODUCTION_HINT.matcher(turn.content()).find()) {
            return; // tagging is the expensive part: only sentences that may introduce someone
        }
        for (String sentence : TextAnalysis.sentences(turn.content())) {
            introductions(PartsOfSpeech.tag(sentence), speaker, turn, introduced);
        }
    }

    /** Who a message is by, when it is someone facts can be about; null for an unnamed assistant. */
    static String speakerName(Turn turn, String userName) {
        if (turn.isUser()) {
            return FactExtractor.subjectOf(turn, userName);
        }
        String role = turn.role() == null ? "" : turn.role().strip();
        return role.isEmpty() || NOT_PEOPLE.contains(role.toLowerCase(Locale.ROOT)) ? null : role;
    }

    /** The other party of a two-person exchange: the nearest earlier speaker who is someone else. */
    private static String otherParty(List<Turn> earlier, Turn turn, String userName) {
        String speaker = speakerName(turn, userName);
        for (int i = earlier.size() - 1; i >= 0; i--) {
            String name = speakerName(earlier.get(i), userName);
            if (name != null && !name.equals(speaker) && !name.equals("The user")) {
                return name;
            }
        }
        return null;
    }

    /** The facts of one sentence said by {@code speaker} to {@code other} (null when unknown). */
    List<ExtractedFact> fromSentence(String sentence, String speaker, String other, Turn turn, Set<String> introduced) {
        List<ExtractedFact> found = new ArrayList<>();
        String s = sentence.strip();
        if (s.isEmpty() || s.endsWith("?")) {
            return found;
        }
        List<Token> tokens = PartsOfSpeech.tag(s);
        List<List<Token>> clauses = clauses(tokens);
        Statement previous = null;
        for (List<Token> clause : clauses) {
            if (!clause.isEmpty() && CONDITIONS.contains(clause.get(0).firstLemma())) {
                return List.of(); // a condition makes the rest of the sentence hypothetical too
            }
        }
        found.addAll(introductions(tokens, speaker, turn, introduced));
        for (List<Token> clause : clauses) {
            Statement statement = statement(clause, previous, speaker, other, introduced);
            if (statement == null) {
                if (!clause.isEmpty() && clause.get(0).firstTag().equals("PRON")
                        && Set.of("they", "he", "she", "it", "you").contains(clause.get(0).firstLemma())) {
                    // "I love sci-fi movies, they're a great escape and get my imagination going": the
                    // verb after "and" belongs to "they", so nothing carries over a clause of its own
                    previous = null;
                }
                continue;
            }
            previous = statement;
            found.addAll(statement.toFacts(speaker, other, turn));
        }
        return found;
    }

    /**
     * The people and animals a speaker introduces by name, wherever they stand in the sentence:
     * "I fed my cat Pixel" → "Ada's cat is Pixel"; what is said of them later is learnt too.
     */
    private static List<ExtractedFact> introductions(List<Token> tokens, String speaker, Turn turn, Set<String> introduced) {
        List<ExtractedFact> found = new ArrayList<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            // "a rescue dog called Pepper": the name is remembered (the clause itself is the fact)
            if (Set.of("called", "named").contains(tokens.get(i).lower()) && i > 0 && tokens.get(i - 1).firstTag().equals("NOUN")
                    && capitalised(tokens.get(i + 1)) && Set.of("PROPN", "NOUN").contains(tokens.get(i + 1).firstTag())) {
                introduced.add(tokens.get(i + 1).text());
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (!(tokens.get(i).firstTag().equals("PRON") && Set.of("my", "our").contains(tokens.get(i).lower()))) {
                continue;
            }
            int nouns = i + 1;
            while (nouns < tokens.size() && tokens.get(nouns).tags().length == 1
                    && Set.of("ADJ", "NOUN").contains(tokens.get(nouns).firstTag()) && !capitalised(tokens.get(nouns))) {
                nouns++;
            }
            int names = nouns;
            // the tagger reads a name at the end of a sentence as a noun at times: its capital decides
            while (names < tokens.size() && tokens.get(names).tags().length == 1 && capitalised(tokens.get(names))
                    && Set.of("PROPN", "NOUN").contains(tokens.get(names).firstTag())) {
                names++;
            }
            if (nouns == i + 1 || names == nouns || !tokens.get(nouns - 1).firstTag().equals("NOUN")) {
                continue;
            }
            String relation = text(tokens.subList(i + 1, nouns));
            String name = text(tokens.subList(nouns, names));
            introduced.add(name);
            found.add(new ExtractedFact(possessive(speaker) + " " + relation + " is " + name,
                    "HAS_" + relation.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_"), speaker, name, false,
                    turn.uuid(), turn.createdAt()));
        }
        return found;
    }

    private static boolean capitalised(Token t) {
        return Character.isUpperCase(t.text().charAt(0));
    }

    /**
     * The clauses of a sentence: cut at subordinating conjunctions and relative pronouns (always),
     * at semicolons and dashes, and at commas and coordinating conjunctions when what follows
     * starts a clause of its own (a subject, or a verb that shares the previous subject) — not
     * inside a list ("a sore throat and a fever", "hiking, painting and pottery").
     */
    static List<List<Token>> clauses(List<Token> tokens) {
        List<List<Token>> clauses = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean cut;
            boolean keep = false;
            if (t.firstTag().equals("SCONJ") && !demonstrative(tokens, i) || isRelative(t, current)) {
                cut = true;
                keep = true; // the opener stays, so that "if" can be recognised
            } else if (t.firstTag().equals("CCONJ") && !Set.of("or", "nor", "&").contains(t.firstLemma())
                    || t.firstTag().equals("PUNCT") && CLAUSE_PUNCT.contains(t.text())) {
                boolean strong = Set.of(";", "(", ")", "!", "?", ".", "—", "–", "--", "...", "…").contains(t.text());
                cut = !glued(tokens, i) && !listContinues(tokens, i) && (strong || startsClause(tokens, i + 1));
                keep = t.firstTag().equals("CCONJ") && cut;
            } else {
                cut = false;
            }
            if (cut) {
                if (!current.isEmpty()) {
                    clauses.add(current);
                }
                current = new ArrayList<>();
                if (keep) {
                    current.add(t);
                }
            } else {
                current.add(t);
            }
        }
        if (!current.isEmpty()) {
            clauses.add(current);
        }
        return clauses;
    }

    /**
     * "I painted that lake": the tagger sometimes reads a demonstrative "that" right after a verb
     * as a conjunction; before a word that is not a pronoun or verb form it is a determiner.
     */
    private static boolean demonstrative(List<Token> tokens, int i) {
        Token t = tokens.get(i);
        if (!t.firstLemma().equals("that") || i == 0 || i + 2 > tokens.size()
                || !tokens.get(i - 1).firstTag().equals("VERB")) {
            return false;
        }
        Token next = tokens.get(i + 1);
        boolean misreadNoun = next.firstTag().equals("VERB") && next.lower().equals(next.firstLemma()); // "that lake sunrise"
        return (Set.of("NOUN", "ADJ", "PROPN", "NUM").contains(next.firstTag()) || misreadNoun) && next.tags().length == 1
                && i + 2 < tokens.size() && !Set.of("AUX", "VERB").contains(tokens.get(i + 2).firstTag());
    }

    private static boolean isRelative(Token t, List<Token> current) {
        return !current.isEmpty() && t.firstTag().equals("PRON")
                && (Set.of("which", "who", "whom", "whose", "where").contains(t.firstLemma())
                || t.firstLemma().equals("that") && current.get(current.size() - 1).firstTag().equals("NOUN"));
    }

    /** Whether the tokens from {@code i} begin a clause: a subject pronoun or name and a verb, or a verb. */
    private static boolean startsClause(List<Token> tokens, int i) {
        while (i < tokens.size() && (tokens.get(i).firstTag().equals("CCONJ") || tokens.get(i).firstTag().equals("INTJ")
                || tokens.get(i).firstTag().equals("ADV") || tokens.get(i).firstTag().equals("PUNCT"))) {
            i++;
        }
        if (i >= tokens.size()) {
            return false;
        }
        Token t = tokens.get(i);
        String tag = t.firstTag();
        if (tag.equals("PRON") && (t.tags().length > 1 || Set.of("i", "we", "you", "he", "she", "they", "it", "my", "our",
                "your", "this", "that").contains(t.firstLemma()))) {
            return true;
        }
        if (tag.equals("VERB") || tag.equals("AUX") || tag.equals("SCONJ")) {
            return true;
        }
        // a noun phrase and its verb: "… and the people are awesome", "… and the love for the game is …"
        int j = i;
        while (j < tokens.size() && j - i < 7 && tokens.get(j).tags().length == 1
                && (Set.of("DET", "ADJ", "NOUN", "PROPN", "NUM").contains(tokens.get(j).firstTag())
                || j > i && tokens.get(j).firstTag().equals("ADP") && j + 1 < tokens.size()
                && Set.of("DET", "ADJ", "NOUN", "PROPN").contains(tokens.get(j + 1).firstTag()))) {
            j++;
        }
        return j > i && j < tokens.size() && (tokens.get(j).firstTag().equals("AUX") || tokens.get(j).firstTag().equals("VERB")
                && !tokens.get(j).lower().endsWith("ing"));
    }

    /** A clause read as subject, verb group, head verb and object (indexes into {@code clause}). */
    private final class Statement {
        final List<Token> clause;
        final Subject subject;
        final int verbStart;
        final Token head;
        final int headIndex;
        final boolean copula;
        final boolean catenative;
        final int objectStart;
        final int objectEnd;
        /** A participle after a form of "be" ("I'm swamped with …"). */
        final boolean passive;
        /** "I don't like …": written as "… dislikes …". */
        final boolean dislike;
        /** A time put before the subject ("Last Friday"), said at the end of the fact. */
        String fronted;
        /** The subject came from the previous clause with its auxiliaries ("… will"): the verb already agrees. */
        boolean carriesAuxiliaries;

        Statement(List<Token> clause, Subject subject, int verbStart, Token head, int headIndex, boolean copula,
                  boolean catenative, int objectStart, int objectEnd, boolean passive, boolean dislike) {
            this.passive = passive;
            this.dislike = dislike;
            this.clause = clause;
            this.subject = subject;
            this.verbStart = verbStart;
            this.head = head;
            this.headIndex = headIndex;
            this.copula = copula;
            this.catenative = catenative;
            this.objectStart = objectStart;
            this.objectEnd = objectEnd;
        }

        List<Token> object() {
            return clause.subList(objectStart, objectEnd);
        }

        List<ExtractedFact> toFacts(String speaker, String other, Turn turn) {
            List<Token> object = object();
            String preposition = !object.isEmpty() && object.get(0).firstTag().equals("ADP") ? object.get(0).firstLemma() : null;
            String verb = copula ? head.lemmas()[head.lemmas().length - 1] : head.firstLemma();
            String source = subject.node();
            boolean singular = subject.kind() == SubjectKind.SPEAKER || subject.kind() == SubjectKind.NAMED;
            if (singular) {
                for (Canonical c : CANONICAL) {
                    if (c.verb().equals(verb) && c.preposition().equals(preposition) && !catenative) {
                        String target = properName(object.subList(1, object.size()));
                        if (target != null) {
                            return List.of(new ExtractedFact(c.template().replace("{S}", subject.text()).replace("{T}", target),
                                    c.name(), source, target, true, turn.uuid(), turn.createdAt()));
                        }
                    }
                }
                if (verb.equals("work") && "as".equals(preposition) && !catenative) {
                    return occupation(object, source, turn);
                }
            }
            if (dislike) {
                StringBuilder phrase = new StringBuilder(subject.text()).append(" dislikes");
                for (Token t : object) {
                    String word = pronoun(t, speaker, other, subject.kind());
                    if (word == null) {
                        return List.of();
                    }
                    phrase.append(' ').append(word);
                }
                String target = nounPhrase(object);
                return List.of(new ExtractedFact(phrase.toString(), "DISLIKES", source, target, false, turn.uuid(),
                        turn.createdAt()));
            }
            String text = rewrite(speaker, other);
            if (text == null) {
                return List.of();
            }
            String name;
            boolean singleValued = false;
            if (subject.kind() == SubjectKind.POSSESSED && copula && verb.equals("be")) {
                name = "HAS_" + subject.text().substring(subject.text().indexOf(' ') + 1);
                singleValued = true; // "Ada's favourite colour is green" holds one value at a time
            } else if (copula && verb.equals("be") && isAge(object)) {
                name = "HAS_AGE";
                singleValued = true;
            } else {
                String predicate = copula && verb.equals("be") ? predicate(object) : null;
                if (!copula && head.lower().endsWith("ed") && passive) {
                    predicate = head.lower(); // "is swamped with": the participle names the state
                    verb = "be";
                }
                name = (verb.equals("be") ? "IS" : verb)
                        + (predicate != null ? "_" + predicate : "")
                        + (catenative ? "_TO" : "")
                        + (preposition != null && predicate == null ? "_" + preposition : "");
            }
            name = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_|_$", "");
            String target = properName(object);
            if (target == null || target.equalsIgnoreCase(source)) {
                target = nounPhrase(object);
            }
            return List.of(new ExtractedFact(text, name, source, target, singleValued, turn.uuid(), turn.createdAt()));
        }

        /** "I work as a nurse at Saint Luke's clinic": the occupation, and the employer when named. */
        private List<ExtractedFact> occupation(List<Token> object, String source, Turn turn) {
            int end = 1;
            while (end < object.size() && !object.get(end).firstTag().equals("ADP")) {
                end++;
            }
            List<ExtractedFact> facts = new ArrayList<>();
            String job = text(object.subList(1, end));
            if (nounPhrase(object.subList(1, end)) == null) {
                return facts;
            }
            facts.add(new ExtractedFact(subject.text() + " works as " + job, "WORKS_AS", source, nounPhrase(object.subList(1, end)),
                    true, turn.uuid(), turn.createdAt()));
            if (end < object.size() && Set.of("at", "for").contains(object.get(end).firstLemma())) {
                String employer = properName(object.subList(end + 1, object.size()));
                if (employer != null) {
                    facts.add(new ExtractedFact(subject.text() + " works at " + employer, "WORKS_AT", source, employer, true,
                            turn.uuid(), turn.createdAt()));
                }
            }
            return facts;
        }

        /** The clause from its subject to the end of its object, in the third person. */
        String rewrite(String speaker, String other) {
            StringBuilder out = new StringBuilder(subject.text());
            boolean agreed = carriesAuxiliaries;
            Token last = subject.end() > 0 ? clause.get(subject.end() - 1) : null;
            if (last != null && last.tags().length > 1 && last.firstTag().equals("PRON")) {
                // A contracted subject carries the first verb: "I'm" → "Caroline is".
                out.append(' ').append(contracted(last.lemmas()[1]));
                agreed = true;
            }
            int previousEnd = -1;
            boolean previousKept = false;
            for (int i = subject.end(); i < objectEnd; i++) {
                Token t = clause.get(i);
                if (i < headIndex && t.firstTag().equals("ADV") && EMPHASIS.contains(t.lower())) {
                    continue;
                }
                String word;
                if (!agreed && (t.hasTag("AUX") || t.hasTag("VERB"))) {
                    word = agree(t);
                    agreed = true;
                } else {
                    word = pronoun(t, speaker, other, subject.kind());
                    if (word == null) {
                        return null;
                    }
                }
                // Words written together stay together ("sci-fi", "Ada's"), unless one was replaced.
                boolean kept = word.equals(t.text());
                boolean glued = previousEnd == t.start() && kept && previousKept;
                out.append(glued ? "" : " ").append(word);
                previousEnd = t.end();
                previousKept = kept;
            }
            if (fronted != null) {
                out.append(' ').append(Character.toLowerCase(fronted.charAt(0))).append(fronted.substring(1));
            }
            // a sentence's final dot may sit inside the last token ("Acme Corp.")
            return Perspective.capitalize(out.toString().replaceAll("\\s+", " ").strip().replaceFirst("\\.$", ""));
        }

        private String contracted(String verbLemma) {
            boolean plural = subject.kind() == SubjectKind.WE;
            return switch (verbLemma) {
                case "be" -> plural ? "are" : "is";
                case "have" -> plural ? "have" : "has";
                case "would" -> "would";
                case "will" -> "will";
                default -> verbLemma;
            };
        }

        /** The auxiliaries before the head, agreeing with the subject ("I've been" → "has been"). */
        String auxiliaries() {
            List<String> words = new ArrayList<>();
            Token last = subject.end() > 0 ? clause.get(subject.end() - 1) : null;
            if (last != null && last.tags().length > 1 && last.firstTag().equals("PRON")) {
                words.add(contracted(last.lemmas()[1]));
            }
            for (int k = subject.end(); k < headIndex; k++) {
                Token t = clause.get(k);
                if (t.hasTag("AUX")) {
                    words.add(words.isEmpty() ? agree(t) : t.text());
                }
            }
            return String.join(" ", words);
        }

        /** The first verb after the subject, agreeing with a third-person subject. */
        /** "just" before the verb, or a time of the past anywhere in the clause ("yesterday", "last week", "ago"). */
        private boolean saidOfThePast() {
            for (int k = 0; k < clause.size(); k++) {
                String w = clause.get(k).lower();
                if (Set.of("yesterday", "ago", "last", "earlier").contains(w) || w.equals("just") && k < headIndex) {
                    return true;
                }
            }
            return false; // (a fronted time, "Last week I set up …", is part of the clause too)
        }

        private String agree(Token t) {
            String lower = t.lower();
            if (subject.kind() == SubjectKind.WE || subject.kind() == SubjectKind.POSSESSED
                    || subject.kind() == SubjectKind.NAMED) {
                return t.text(); // already in the third person
            }
            if (SAME_IN_THE_PAST.contains(lower) && t.hasTag("VERB") && saidOfThePast()) {
                return t.text(); // "I just set up meetings": a past tense, not "sets"
            }
            return switch (lower) {
                case "am", "'m", "are", "'re" -> "is";
                case "were" -> "was";
                case "have", "'ve" -> "has";
                case "do" -> "does";
                default -> (t.hasTag("VERB") || t.hasTag("AUX") && !MODALS.contains(lower) && !lower.equals("will"))
                        && t.tags().length == 1 && lower.equals(t.firstLemma()) && !(lower.endsWith("ed") && !lower.endsWith("eed"))
                        && !Set.of("be", "have", "do").contains(lower) ? Perspective.thirdPersonSingular(t.text()) : t.text();
            };
        }
    }

    /** The word that replaces a pronoun of the speaker or the listener; null when the listener is unknown. */
    private String pronoun(Token t, String speaker, String other, SubjectKind subject) {
        if (t.tags().length > 1 || !t.firstTag().equals("PRON")) {
            return t.text();
        }
        String speakerPossessive = possessive(speaker);
        boolean we = subject == SubjectKind.WE;
        return switch (t.lower()) {
            case "i", "me", "myself" -> speaker;
            case "my", "mine" -> speakerPossessive;
            case "our", "ours" -> we ? "their" : speakerPossessive;
            case "us", "ourselves" -> we ? "themselves" : speaker + " and others";
            case "we" -> speaker + " and others";
            case "you", "yourself" -> other;
            case "your", "yours" -> other == null ? null : possessive(other);
            default -> t.text();
        };
    }

    private static String possessive(String name) {
        return name.endsWith("s") ? name + "'" : name + "'s";
    }

    /** The statement of a clause, or null when it states nothing. */
    private Statement statement(List<Token> clause, Statement previous, String speaker, String other,
                                Set<String> introduced) {
        int i = 0;
        while (i < clause.size() && (clause.get(i).firstTag().equals("INTJ") || clause.get(i).firstTag().equals("PUNCT")
                || clause.get(i).firstTag().equals("CCONJ") || OPENERS.contains(clause.get(i).lower())
                && !clause.get(i).firstTag().equals("PRON"))) {
            i++;
        }
        if (i >= clause.size()) {
            return null;
        }
        Subject subject = subject(clause, i, speaker, introduced);
        String fronted = null;
        if (subject == null) {
            // "Last Friday I went to …": a time or place put before the subject moves to the end
            int s = i;
            while (s < clause.size() && s - i < 5 && Set.of("ADJ", "NOUN", "ADP", "DET", "NUM", "PROPN", "ADV")
                    .contains(clause.get(s).firstTag()) && clause.get(s).tags().length == 1) {
                s++;
            }
            if (s > i && s < clause.size() && clause.get(s).firstTag().equals("PRON")
                    && Set.of("i", "we").contains(clause.get(s).lower().split("'")[0])
                    && clause.subList(i, s).stream().anyMatch(t -> TIME_WORDS.contains(t.firstLemma()))) {
                subject = subject(clause, s, speaker, introduced);
                fronted = subject == null ? null : text(clause.subList(i, s));
            }
        }
        int verbStart;
        boolean carriesAuxiliaries = false;
        if (subject != null) {
            verbStart = subject.end();
            // A contraction ("I'm", "you've") holds the first verb in the subject's own token.
            if (clause.get(subject.end() - 1).tags().length > 1) {
                verbStart = subject.end() - 1;
            }
        } else if (previous != null && i > 0 && clause.get(0).firstTag().equals("CCONJ")
                && sameVerbForm(previous.head, clause.get(i))) {
            // "I'm expanding my studio and offering workshops": the subject (and its "is") carry over
            Subject inherited = previous.subject;
            // "We'll rock the stage and teach others": a base form after "will" keeps the "will"
            String carried = previous.auxiliaries();
            boolean future = carried.startsWith("will") && clause.get(i).lower().equals(clause.get(i).firstLemma());
            String auxiliaries = participle(clause.get(i)) || future ? carried : "";
            carriesAuxiliaries = !auxiliaries.isEmpty();
            subject = new Subject(inherited.kind(), (inherited.text() + " " + auxiliaries).strip(), inherited.node(), i);
            verbStart = i;
        } else {
            return null;
        }
        // The verb group: auxiliaries, particles and adverbs, then the head verb.
        boolean negated = false;
        boolean modal = false;
        Token lastAux = null;
        int lastAuxIndex = -1;
        int j = verbStart;
        for (; j < clause.size(); j++) {
            Token t = clause.get(j);
            String[] tags = t.tags();
            String[] lemmas = t.lemmas();
            int firstPart = j == subject.end() - 1 && tags.length > 1 ? 1 : 0; // skip the pronoun of "I'm"
            boolean verbal = false;
            for (int p = firstPart; p < tags.length; p++) {
                if (NEGATIONS.contains(lemmas[p]) || t.lower().equals("never")) {
                    negated = true;
                }
                if (tags[p].equals("AUX") && MODALS.contains(lemmas[p])) {
                    modal = true;
                }
                if (tags[p].equals("AUX")) {
                    lastAux = t;
                    lastAuxIndex = j;
                    verbal = true;
                }
            }
            if (tags[tags.length - 1].equals("VERB")) {
                break;
            }
            if (!(verbal || tags[0].equals("ADV") || tags[0].equals("PART"))) {
                break;
            }
        }
        Token head;
        int headIndex;
        boolean copula;
        if (j < clause.size() && clause.get(j).tags()[clause.get(j).tags().length - 1].equals("VERB")) {
            head = clause.get(j);
            headIndex = j;
            copula = false;
            if (head.firstLemma().equals("be") || head.firstLemma().equals("have") && j + 1 < clause.size()
                    && !clause.get(j + 1).firstTag().equals("PART")) {
                copula = head.firstLemma().equals("be");
            }
        } else if (lastAux != null && (lastAux.hasLemma("be") || lastAux.hasLemma("have"))) {
            head = lastAux;
            headIndex = lastAuxIndex;
            copula = true;
        } else {
            return null;
        }
        if (lastAux == null && clause.subList(verbStart, headIndex).stream().anyMatch(t -> t.lower().equals("to"))) {
            return null; // "my marketing skills to make connections": an infinitive is no statement
        }
        String lemma = copula ? head.lemmas()[head.lemmas().length - 1] : head.firstLemma();
        // "I don't like spicy food" is a fact (a dislike); every other negation teaches nothing.
        boolean dislike = negated && !modal && !copula && LIKING.contains(lemma) && subject.kind() == SubjectKind.SPEAKER;
        if (negated && !dislike) {
            return null;
        }
        boolean considering = head.lower().equals("thinking") && headIndex + 1 < clause.size()
                && Set.of("about", "of").contains(clause.get(headIndex + 1).firstLemma());
        if (!copula && TALK_VERBS.contains(lemma) && !considering) {
            return null; // but "we're thinking about adopting" is a plan
        }
        int objectStart = headIndex + 1;
        boolean catenative = false;
        if (!copula && CATENATIVES.contains(lemma) && objectStart + 1 < clause.size()
                && clause.get(objectStart).lower().equals("to") && clause.get(objectStart + 1).firstTag().equals("VERB")) {
            catenative = true;
            if (TALK_VERBS.contains(clause.get(objectStart + 1).firstLemma())) {
                return null;
            }
        }
        if (modal && !(catenative && lemma.equals("love"))) {
            return null; // "I would move", "I'd like to book"; but "I'd love to visit Japan" is a wish worth keeping
        }
        int objectEnd = objectEnd(clause, objectStart);
        List<Token> object = clause.subList(objectStart, objectEnd);
        if (subject.kind() == SubjectKind.POSSESSED && VAGUE_NOUNS.contains(lastWord(subject.text()))) {
            return null; // "my day broke records", "my point is …"
        }
        if (!hasContent(object, copula, subject, lemma) && !trouble(subject, lemma, object) && !activity(lemma, object)) {
            return null;
        }
        if ((Set.of("need", "want").contains(lemma) || modal) && object.stream().anyMatch(t -> MOMENTARY_NEEDS.contains(t.firstLemma()))) {
            // (and "I'd love to lend a hand": an offer)
            return null; // "I need a refund", "I want to book a flight": a request, not a fact about the speaker
        }
        if (Set.of("have", "get", "need").contains(lemma) && firstNounIsVague(object)) {
            return null; // "I have a question", "I had a problem with my order"
        }
        if (Set.of("have", "get").contains(lemma) && object.stream().filter(t -> t.firstTag().equals("NOUN")).findFirst()
                .map(t -> TELLABLES.contains(t.firstLemma())).orElse(false)) {
            return null; // "I've got a funny story", "I have big news": what follows is the fact, if anything
        }
        if (mentionsListener(clause.subList(subject.end(), clause.size()), other)
                && (copula || passive(clause, headIndex, lastAux, lastAuxIndex) || LIKING.contains(lemma)
                || Set.of("have", "get", "miss", "wish", "owe").contains(lemma)
                || addressesListener(clause.subList(objectStart, clause.size()), other))) {
            // "I love your painting", "I'm so proud of you", "I got your back": about the exchange;
            // "I met your brother" stays ("Ada met Bob's brother")
            return null;
        }
        // after "to pass" in "I want to pass it on" as well as right after the head
        Token firstWord = object.stream().skip(catenative ? 2 : 0).filter(t -> !t.firstTag().equals("ADV")).findFirst().orElse(null);
        if (firstWord != null && firstWord.firstTag().equals("PRON") && firstWord.tags().length == 1
                && INDEFINITE.contains(firstWord.lower())) {
            return null; // "I turned it into …": what "it" is was said elsewhere
        }
        Token firstNominal = object.stream().filter(t -> Set.of("NOUN", "PROPN", "PRON").contains(t.firstTag())
                        || t.lower().equals("one"))
                .findFirst().orElse(null);
        if (firstNominal != null && (firstNominal.firstTag().equals("PRON") || firstNominal.lower().equals("one"))
                && INDEFINITE.contains(firstNominal.lower())) {
            return null; // "I loved doing something similar": what, was said elsewhere
        }
        if (LIKING.contains(lemma) && !catenative && firstWord != null
                && Set.of("the", "that", "those", "these", "this", "all").contains(firstWord.lower())) {
            return null; // "I love the yellow leaves": praise of what the listener shows, not a taste
        }
        if (firstWord != null && Set.of("the", "a").contains(firstWord.lower()) && object.indexOf(firstWord) + 1 < object.size()
                && Set.of("same", "similar").contains(object.get(object.indexOf(firstWord) + 1).lower())) {
            return null; // "I feel the same way", "I had a similar experience": like what was said elsewhere
        }
        if (subject.kind() == SubjectKind.WE && catenative && lemma.equals("need")) {
            return null; // "We need to show our support": an exhortation, not something that happened
        }
        Token lastNoun = null;
        for (Token t : object) {
            if (isContentNoun(t)) {
                lastNoun = t;
            }
        }
        int lastNounAt = object.indexOf(lastNoun);
        if (lastNoun != null && RELATIONAL_NOUNS.contains(lastNoun.firstLemma())
                && lastNounAt == object.size() - 1 - trailingAdverbs(object)
                && !(lastNounAt > 0 && Set.of("NOUN", "PROPN").contains(object.get(lastNounAt - 1).firstTag()))) {
            // ("a movie fan", "my sneaker collection" say of what)
            return null; // "I'm a fan too", "I have the whole collection": of what, was said elsewhere
        }
        int lastWordAt = object.size() - 1 - trailingAdverbs(object);
        Token lastWord = lastWordAt >= 0 ? object.get(lastWordAt) : null;
        if (lastWord != null && lastWord.tags().length == 1 && (Set.of("PRON", "DET").contains(lastWord.firstTag())
                && INDEFINITE.contains(lastWord.lower()) || lastWord.lower().equals("ones"))) {
            return null; // "I want my kids to learn that too": what "that" is was said elsewhere
        }
        if (firstWord != null && Set.of("no", "none").contains(firstWord.lower())) {
            return null; // "I have no doubt": a negation in the object
        }
        if (object.stream().anyMatch(t -> t.tags().length == 1 && t.firstTag().equals("PRON")
                && Set.of("his", "her", "their", "its", "he", "she", "they", "him").contains(t.lower()))
                && subject.kind() != SubjectKind.WE) {
            return null; // "I love their work": whose, was said elsewhere
        }
        if (subject.kind() == SubjectKind.SPEAKER && mentionsSpeaker(object)) {
            return null; // "it helps me", "I made myself …": a self-relation
        }
        if (copula && object.stream().filter(t -> !t.firstTag().equals("ADV")).findFirst()
                .map(t -> EPISTEMIC.contains(t.firstLemma())).orElse(false)) {
            return null; // "I'm sure people will …" is an opinion
        }
        boolean passive = !copula && lastAux != null && lastAux.hasLemma("be") && lastAuxIndex < headIndex;
        Statement statement = new Statement(clause, subject, verbStart, head, headIndex, copula, catenative, objectStart,
                objectEnd, passive, dislike);
        statement.fronted = fronted;
        statement.carriesAuxiliaries = carriesAuxiliaries;
        return statement;
    }

    /**
     * Whether a verb continues a clause with the same subject: the same form as the previous
     * head ("I live in Oslo and love sailing", "I'm hosting … and offering …"), not a verb that
     * continues an infinitive ("… to showcase talent and bring attention").
     */
    private static boolean sameVerbForm(Token previousHead, Token verb) {
        if (!verb.firstTag().equals("VERB") || verb.tags().length > 1 || previousHead.hasTag("AUX")) {
            return false; // after "I'm passionate about …" a verb past "and" is not the speaker's ("… supported and valued")
        }
        String before = previousHead.lower();
        String now = verb.lower();
        boolean beforeBase = before.equals(previousHead.firstLemma());
        boolean nowBase = now.equals(verb.firstLemma());
        if (participle(verb) || participle(previousHead)) {
            return participle(verb) && participle(previousHead);
        }
        return beforeBase == nowBase && !previousHead.firstTag().equals("AUX");
    }

    /** The subject at {@code i}, or null when the clause has none that facts can be about. */
    private static Subject subject(List<Token> clause, int i, String speaker, Set<String> introduced) {
        Token t = clause.get(i);
        String lemma = t.firstLemma();
        if (t.firstTag().equals("PRON")) {
            switch (t.lower().split("'")[0]) {
                case "i" -> {
                    return new Subject(SubjectKind.SPEAKER, speaker, speaker, i + 1);
                }
                case "you" -> {
                    // What one says of the listener is mostly praise or a guess ("you're so brave",
                    // "you'll make a splash"): precision first, it teaches nothing.
                    return null;
                }
                case "we" -> {
                    return new Subject(SubjectKind.WE, speaker + " and others", speaker, i + 1);
                }
                case "my", "our" -> {
                    int end = i + 1;
                    while (end < clause.size() && clause.get(end).tags().length == 1
                            && Set.of("ADJ", "NOUN", "PROPN", "NUM").contains(clause.get(end).firstTag())) {
                        end++;
                    }
                    if (end == i + 1 || end >= clause.size()) {
                        return null;
                    }
                    int names = end;
                    while (names > i + 2 && clause.get(names - 1).firstTag().equals("PROPN")) {
                        names--;
                    }
                    if (names < end && !clause.get(names - 1).firstTag().equals("PROPN")) {
                        // "my husband Tom is a pilot": a statement about Tom, who is introduced
                        String name = text(clause.subList(names, end));
                        return new Subject(SubjectKind.NAMED, name, name, end); // introductions() states the relation
                    }
                    String phrase = text(clause.subList(i + 1, end));
                    return new Subject(SubjectKind.POSSESSED, possessive(speaker) + " " + phrase, speaker, end);
                }
                default -> {
                    return null;
                }
            }
        }
        if (t.firstTag().equals("PROPN") && t.tags().length == 1 && !"i".equals(lemma)) {
            int end = i;
            while (end < clause.size() && clause.get(end).firstTag().equals("PROPN") && clause.get(end).tags().length == 1) {
                end++;
            }
            if (end < clause.size() && (clause.get(end).firstTag().equals("VERB") || clause.get(end).firstTag().equals("AUX"))) {
                String name = text(clause.subList(i, end));
                // Only someone the speaker introduced ("my husband Tom"): a capitalised word
                // at the start of a sentence is as often a thing ("Flowers bring joy").
                return introduced.contains(name) ? new Subject(SubjectKind.NAMED, name, name, end) : null;
            }
        }
        return null;
    }

    /** Where the object ends: before a subordinate clause, and at most {@link #MAX_OBJECT_TOKENS} long. */
    private static int objectEnd(List<Token> clause, int start) {
        int end = start;
        while (end < clause.size() && end - start < MAX_OBJECT_TOKENS) {
            Token t = clause.get(end);
            if (WH_WORDS.contains(t.lower()) && t.tags().length == 1) {
                // "to see what the requirements would be", "I love how it's …": the object is a clause;
                // right after a verb nothing complete is left
                if (end == start || clause.get(end - 1).firstTag().equals("VERB")) {
                    return start;
                }
                if (clause.get(end - 1).firstTag().equals("ADP") && !t.lower().equals("when")) {
                    return start; // "scared to death of what people would think": the preposition's object is the clause
                }
                break;
            }
            if (t.firstTag().equals("SCONJ") && !demonstrative(clause, end)
                    || t.firstTag().equals("PUNCT") && !Set.of("&", "'", "/", "%", "$", "#", "+").contains(t.text())
                    && !glued(clause, end) && !listContinues(clause, end)
                    || t.firstTag().equals("PRON") && Set.of("i", "we", "he", "she", "they").contains(t.lower().split("'")[0])
                    && end > start
                    || t.lower().equals("so") && end > start && clause.get(end - 1).end() != t.start()
                    || t.firstTag().equals("CCONJ") && end + 1 < clause.size() && !clause.get(end + 1).firstTag().equals("NOUN")
                    && !clause.get(end + 1).firstTag().equals("DET") && !clause.get(end + 1).firstTag().equals("ADJ")
                    && !clause.get(end + 1).firstTag().equals("PROPN") && !continuesGerund(clause, start, end)
                    || t.firstTag().equals("CCONJ") && startsClause(clause, end + 1) && !continuesGerund(clause, start, end)) {
                break;
            }
            end++;
        }
        if (end - start >= MAX_OBJECT_TOKENS && end < clause.size()
                && !Set.of("ADP", "PUNCT", "CCONJ", "SCONJ").contains(clause.get(end).firstTag())) {
            return start; // a run-on: cut anywhere, it would end mid-phrase ("to make sure these kids have a safe")
        }
        // "a dance studio 'cause I'm …": the tokenizer splits "'cause" into "'" and a noun
        if (end - 2 >= start && clause.get(end - 1).lower().equals("cause") && clause.get(end - 2).text().equals("'")
                && clause.get(end - 2).end() == clause.get(end - 1).start()) {
            end -= 2;
        }
        // A phrase does not end in a function word ("a flat in", "the kids and", "a game called").
        while (end > start && Set.of("ADP", "DET", "CCONJ", "PART", "SCONJ", "PUNCT", "AUX", "PRON").contains(clause.get(end - 1).firstTag())
                || end > start && Set.of("called", "named", "titled", "when", "where", "how", "why", "so", "then", "however",
                "'cause", "cuz", "coz", "because")
                .contains(clause.get(end - 1).lower())
                || end > start && clause.get(end - 1).firstTag().equals("ADV") && EMPHASIS.contains(clause.get(end - 1).lower())) {
            Token dropped = clause.get(end - 1);
            if (dropped.firstTag().equals("PRON") && Set.of("it", "this", "that", "them", "me", "us", "him", "her",
                    "myself", "yourself", "himself", "herself", "itself", "ourselves", "themselves")
                    .contains(dropped.lower())) {
                return start; // "I've put lots of hard work into it": without "it" the statement is cut off
            }
            if (dropped.firstTag().equals("ADP") && end - 2 >= start && clause.get(end - 2).firstTag().equals("VERB")
                    && PARTICLES.contains(dropped.lower())) {
                break; // "paying off", "signed up": the particle belongs to its verb
            }
            end--;
        }
        return end;
    }

    /** "giving my voice and making a difference": a second -ing verb continues the first. */
    private static boolean continuesGerund(List<Token> clause, int start, int conjunction) {
        Token next = clause.get(conjunction + 1);
        if (!next.lower().endsWith("ing")) {
            return false;
        }
        for (int k = Math.max(0, start - 1); k < conjunction; k++) { // the head verb itself counts
            if (clause.get(k).lower().endsWith("ing") && Set.of("VERB", "NOUN").contains(clause.get(k).firstTag())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the comma at {@code comma} continues a list rather than ending a clause: "emotions
     * like relief, excitement and worry", "to show warmth, love and self-acceptance", "unique,
     * trendy pieces". Cut at the comma, the object would end mid-list ("… like relief").
     */
    static boolean listContinues(List<Token> tokens, int comma) {
        if (!tokens.get(comma).text().equals(",") || comma == 0 || comma + 1 >= tokens.size()) {
            return false;
        }
        Token before = tokens.get(comma - 1);
        Token after = tokens.get(comma + 1);
        if (before.firstTag().equals("ADJ") && after.firstTag().equals("ADJ") && after.tags().length == 1) {
            return true; // coordinated adjectives
        }
        if (!Set.of("NOUN", "PROPN").contains(before.firstTag())) {
            return false;
        }
        int k = comma + 1;
        int items = 0;
        while (k < tokens.size()) {
            int itemStart = k;
            while (k < tokens.size() && k - itemStart < 4 && tokens.get(k).tags().length == 1
                    && (Set.of("NOUN", "PROPN", "ADJ", "NUM").contains(tokens.get(k).firstTag())
                    || tokens.get(k).firstTag().equals("VERB") && !participle(tokens.get(k)) // "love" read as a verb
                    || glued(tokens, k))) {
                k++;
            }
            if (k == itemStart) {
                return false;
            }
            items++;
            if (k < tokens.size() && tokens.get(k).text().equals(",")) {
                k++;
                continue;
            }
            if (k < tokens.size() && tokens.get(k).firstTag().equals("CCONJ") && Set.of("and", "or").contains(tokens.get(k).lower())) {
                int last = ++k;
                while (k < tokens.size() && k - last < 4 && tokens.get(k).tags().length == 1
                        && (Set.of("NOUN", "PROPN", "ADJ", "NUM").contains(tokens.get(k).firstTag()) || glued(tokens, k))) {
                    k++;
                }
                return k > last && items <= 4 && (k == tokens.size() || Set.of(".", "!", "?", ",", ";", "-", "—", "…")
                        .contains(tokens.get(k).text()));
            }
            return false;
        }
        return false;
    }

    private static int trailingAdverbs(List<Token> object) {
        int n = 0;
        for (int k = object.size() - 1; k >= 0 && object.get(k).firstTag().equals("ADV"); k--) {
            n++;
        }
        return n;
    }

    /** An -ing form ("hosting"), not a base form that happens to end so ("bring", "sing"). */
    private static boolean participle(Token t) {
        return t.lower().endsWith("ing") && !t.lower().equals(t.firstLemma());
    }

    /** A hyphen or slash inside a word ("sci-fi", "not-so-great"), not between words. */
    private static boolean glued(List<Token> tokens, int i) {
        return i > 0 && i + 1 < tokens.size() && tokens.get(i - 1).end() == tokens.get(i).start()
                && tokens.get(i).end() == tokens.get(i + 1).start() && Set.of("-", "/", "+").contains(tokens.get(i).text());
    }

    private static boolean isContentNoun(Token t) {
        String tag = t.firstTag();
        return (tag.equals("NOUN") || tag.equals("PROPN")) && t.tags().length == 1 && !VAGUE_NOUNS.contains(t.firstLemma())
                && !VAGUE_NOUNS.contains(t.lower()) || tag.equals("NUM");
    }

    /** Whether an object carries a fact: a content noun or name, or a lasting state. */
    private static boolean hasContent(List<Token> object, boolean copula, Subject subject, String lemma) {
        if (object.isEmpty()) {
            return false;
        }
        for (int k = 0; k < object.size(); k++) {
            Token t = object.get(k);
            if (t.firstTag().equals("NUM") && k > 0 && object.get(k - 1).firstTag().equals("SYM")) {
                return true; // an amount of money: "$85,000 a year"
            }
            if (isContentNoun(t) && (!t.firstTag().equals("NUM") || subject.kind() == SubjectKind.POSSESSED)
                    && !t.text().equalsIgnoreCase(subject.node())) {
                return true;
            }
        }
        if (copula && lemma.equals("be") && isAge(object)) {
            return true;
        }
        if (copula && lemma.equals("be")) {
            for (Token t : object) {
                if (t.firstTag().equals("ADJ") && (STATES.contains(t.firstLemma()) || subject.kind() == SubjectKind.POSSESSED
                        && subject.text().matches(".* (?:favou?rite|eye|hair|skin)\\b.*"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean mentionsListener(List<Token> tokens, String other) {
        for (Token t : tokens) {
            if (t.firstTag().equals("PRON") && t.lower().startsWith("you") || other != null && t.text().equals(other)) {
                return true;
            }
        }
        return false;
    }

    private static boolean passive(List<Token> clause, int headIndex, Token lastAux, int lastAuxIndex) {
        return lastAux != null && lastAux.hasLemma("be") && lastAuxIndex < headIndex
                && clause.get(headIndex).lower().endsWith("ed");
    }

    /** "I go swimming twice a week", "I don't like running": an activity is content enough. */
    private static boolean activity(String lemma, List<Token> object) {
        return !object.isEmpty() && Set.of("go", "love", "like", "enjoy", "hate", "start", "quit", "prefer", "practise",
                "practice", "adore", "miss").contains(lemma)
                && object.get(0).lower().endsWith("ing") && Set.of("VERB", "NOUN").contains(object.get(0).firstTag())
                && !TALK_VERBS.contains(object.get(0).firstLemma()) // "I'll start thinking about …"
                && !Set.of("something", "nothing", "anything", "everything", "thing").contains(object.get(0).lower());
    }

    /** Something of the speaker's that fails: "my laptop keeps crashing", "my car broke down". */
    private static boolean trouble(Subject subject, String lemma, List<Token> object) {
        if (subject.kind() != SubjectKind.POSSESSED || object.isEmpty()) {
            return false;
        }
        Token first = object.get(0);
        return Set.of("keep", "stop").contains(lemma) && first.lower().endsWith("ing")
                && Set.of("crash", "freeze", "fail", "drop", "leak", "work", "charge", "connect", "load", "sync", "die",
                "break", "beep", "overheat", "restart").contains(first.firstLemma())
                || lemma.equals("break") && first.lower().equals("down");
    }

    private static String lastWord(String phrase) {
        return phrase.substring(phrase.lastIndexOf(' ') + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean firstNounIsVague(List<Token> object) {
        for (Token t : object) {
            if (t.firstTag().equals("NOUN") || t.firstTag().equals("PROPN")) {
                return VAGUE_NOUNS.contains(t.firstLemma()) || VAGUE_NOUNS.contains(t.lower());
            }
        }
        return false;
    }

    /** The listener as a whole is the object ("… for you", "… Caroline"), not one of their things. */
    private static boolean addressesListener(List<Token> tokens, String other) {
        for (Token t : tokens) {
            if (t.firstTag().equals("PRON") && Set.of("you", "yourself").contains(t.lower())
                    || other != null && t.text().equals(other)) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsSpeaker(List<Token> tokens) {
        for (Token t : tokens) {
            if (t.firstTag().equals("PRON") && Set.of("me", "myself").contains(t.lower())) {
                return true;
            }
        }
        return false;
    }

    /** The word that names a state after "is" ("so happy and thankful" → happy), or null. */
    private static String predicate(List<Token> object) {
        for (Token t : object) {
            if (t.firstTag().equals("ADP") || t.firstTag().equals("DET") || t.firstTag().equals("NOUN")) {
                return null;
            }
            if (t.firstTag().equals("ADJ") || t.firstTag().equals("VERB")) {
                return t.lower();
            }
        }
        return null;
    }

    private static boolean isAge(List<Token> object) {
        return !object.isEmpty() && object.get(0).firstTag().equals("NUM")
                && (object.size() == 1 || object.get(1).firstLemma().equals("year"));
    }

    /** The first run of names in a phrase ("a flat in Lisbon" → "Lisbon"), or null. */
    private static String properName(List<Token> phrase) {
        int i = 0;
        while (i < phrase.size() && !(phrase.get(i).firstTag().equals("PROPN") && phrase.get(i).tags().length == 1)) {
            i++;
        }
        if (i == phrase.size()) {
            return null;
        }
        while (i > 0 && phrase.get(i - 1).tags().length == 1 && Character.isUpperCase(phrase.get(i - 1).text().charAt(0))
                && Set.of("ADJ", "NOUN", "PROPN").contains(phrase.get(i - 1).firstTag())) {
            i--; // "New York": a capitalised word before the name belongs to it
        }
        int end = i;
        while (end < phrase.size() && !phrase.get(end).firstTag().equals("PROPN")) {
            end++;
        }
        while (end < phrase.size() && (phrase.get(end).firstTag().equals("PROPN") || phrase.get(end).firstTag().equals("NOUN")
                && Character.isUpperCase(phrase.get(end).text().charAt(0)))) {
            end++;
        }
        // "Santa Maria hospital": a common noun right after the name belongs to it
        if (end < phrase.size() && phrase.get(end).firstTag().equals("NOUN") && phrase.get(end).tags().length == 1) {
            end++;
        }
        return text(phrase.subList(i, end)).replaceFirst("\\.$", ""); // "Acme Corp." at a sentence's end
    }

    /** The first noun phrase of a phrase, without its determiner ("a new LGBTQ support group" → "new LGBTQ support group"). */
    private static String nounPhrase(List<Token> phrase) {
        int i = 0;
        while (i < phrase.size()) {
            while (i < phrase.size() && !Set.of("ADJ", "NOUN", "PROPN", "NUM").contains(phrase.get(i).firstTag())) {
                i++;
            }
            int end = i;
            boolean content = false;
            while (end < phrase.size() && Set.of("ADJ", "NOUN", "PROPN", "NUM").contains(phrase.get(end).firstTag())
                    && phrase.get(end).tags().length == 1 && !(end > i && VAGUE_NOUNS.contains(phrase.get(end).lower()))) {
                content |= isContentNoun(phrase.get(end));
                end++;
            }
            if (content) {
                return text(phrase.subList(i, end));
            }
            i = Math.max(end, i + 1); // a run without a content word ("last", "every time") names nothing
        }
        return null;
    }

    /** The words of consecutive tokens as written, one space apart. */
    private static String text(List<Token> tokens) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (i > 0 && tokens.get(i - 1).end() != t.start()) {
                out.append(' ');
            }
            out.append(t.text());
        }
        return out.toString();
    }
}
