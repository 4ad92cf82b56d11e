package dev.engram.question;

import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import dev.engram.message.Turn;
import dev.engram.text.TextAnalysis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Synthesizes in-process: takes what the user asks in their latest message (its questions, or a
 * request such as "Tell me about …" turned into "Can you tell me about …?") and replaces
 * pronouns with what they refer to earlier in the conversation ("How tall is it?" after "Tell me
 * about the Eiffel Tower." → "How tall is the Eiffel Tower?"). The referent is the named thing
 * most salient in the turns just before: mentioned often, by the user, as a sentence's subject,
 * recently (see {@link #referents}); "he"/"she" take names of people and
 * "it" anything else, which the embedder tells apart. Deterministic.
 */
public class LocalQuestionSynthesizer implements QuestionSynthesizer {

    private static final Pattern QUESTION_START = Pattern.compile(
            "^(?i:and\\s+|so\\s+|but\\s+|ok(?:ay)?,?\\s+|also,?\\s+)?(?i:what|who|whom|whose|where|when|why|how|which|is|are|was|were"
                    + "|can|could|do|does|did|will|would|should|shall|may|might|have|has|had)\\b(?!['’])");
    private static final Pattern REQUEST_START = Pattern.compile(
            "^(?i:please\\s+)?(?i:tell|show|find|give|explain|describe|recommend|suggest|list|book|help|compare|summari[sz]e"
                    + "|name|check|get|send|remind|teach)\\b");
    /** Named things: capitalized words in a row, with "the" kept ("the Eiffel Tower"). */
    private static final Pattern NAMED = Pattern.compile(
            "(?:\\b(?i:the)\\s+)?\\p{Lu}[\\p{L}\\p{N}'’-]*(?:\\s+(?:of|de|la|del|da|the|and)?\\s*\\p{Lu}[\\p{L}\\p{N}'’-]*|\\s+\\p{N}+\\b)*");
    /**
     * What the user explicitly asks about: "tell me about X", "what is X", "who was X", "explain X".
     * A later "it"/"he"/"she" most likely still means X.
     */
    private static final Pattern ASKED_ABOUT = Pattern.compile(
            "(?i:\\babout|\\bregarding|^(?:can you\\s+|could you\\s+|please\\s+)?(?:explain|describe)|^(?:so\\s+|and\\s+)?(?:what|who)(?:\\s+(?:is|are|was|were)|'s|’s))\\s+");
    /** How much more an explicitly asked-about thing weighs than a passing mention. */
    static final double ASKED_WEIGHT = 3.0;
    /** "It" is seldom a city or a country ("there" is): their weight for "it". */
    static final double PLACE_FOR_IT = 0.5;

    /** A topic the user asks about in lower case: "tell me about quantum computing". */
    private static final Pattern ABOUT = Pattern.compile(
            "(?<![\\p{L}])(?i:about|regarding|explain|describe)\\s+((?:(?i:the|a|an)\\s+)?[\\p{Ll}][\\p{L}\\p{N}'’ -]{1,40}?)(?=\\s*[.,!?;:]|\\s*$|\\s+(?:and|but|because|for|to)\\b)");
    private static final Pattern PRONOUN = Pattern.compile("(?<![\\p{L}'’])(it|its|they|them|their|he|him|his|she|her|there)(?![\\p{L}'’])",
            Pattern.CASE_INSENSITIVE);
    /** "it" that refers to nothing: "is it raining", "is it worth …", "how long does it take …". */
    private static final Set<String> DUMMY_IT_FOLLOWERS = Set.of("raining", "snowing", "sunny", "cold", "hot", "warm",
            "late", "early", "possible", "worth", "true", "likely", "necessary", "better", "easy", "hard", "difficult",
            "safe", "time", "okay", "ok", "fine", "rain", "snow", "take", "takes", "took", "seems", "seem", "matter", "matters");
    private static final Set<String> MOTION_VERBS = Set.of("get", "go", "going", "travel", "traveling", "travelling",
            "fly", "flying", "drive", "driving", "walk", "move", "moving", "come", "coming", "head", "heading");
    /** Words that start sentences in capitals without naming anything. */
    private static final Set<String> NOT_NAMES = Set.of("tell", "find", "show", "give", "please", "what", "how", "when",
            "where", "why", "who", "which", "can", "could", "would", "will", "is", "are", "was", "were", "do", "does", "did",
            "sure", "yes", "no", "great", "thanks", "thank", "hi", "hello", "hey", "ok", "okay", "well", "so", "and", "but",
            "i", "i'm", "i'd", "i've", "it", "it's", "this", "that", "there", "here", "let", "also", "a", "an", "my",
            "welcome", "sorry", "good", "nice", "cool", "oh", "ah", "of", "in", "on", "at", "for", "the", "as", "if");

    /** Capitalized, but never what "it" or "there" stands for. */
    private static final Set<String> CALENDAR_WORDS = Set.of("january", "february", "march", "april", "may", "june",
            "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday",
            "thursday", "friday", "saturday", "sunday", "today", "tomorrow", "yesterday");

    private final Embedder embedder;
    private volatile float[] personPrototype;
    private volatile float[] thingPrototype;
    private volatile float[] placePrototype;
    private volatile float[] objectPrototype;

    public LocalQuestionSynthesizer(Embedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public String synthesize(List<Turn> recent) {
        List<Turn> turns = recent.stream().filter(t -> !"system".equals(t.roleType()) && !t.content().isBlank()).toList();
        if (turns.isEmpty()) {
            turns = recent;
        }
        int anchor = anchorTurn(turns);
        List<String> sentences = TextAnalysis.sentences(turns.get(anchor).content());
        List<String> asked = new ArrayList<>();
        List<String> before = new ArrayList<>();
        for (String sentence : sentences) {
            String request = asRequest(sentence);
            if (request != null) {
                asked.add(request);
            } else if (asked.isEmpty()) {
                before.add(sentence);
            }
        }
        if (asked.isEmpty()) {
            asked.add(turns.get(anchor).content().strip());
            before.clear();
        }
        List<Referent> referents = referents(turns.subList(0, anchor), before);
        List<String> resolved = asked.stream().map(q -> resolve(q, referents)).toList();
        return capitalize(String.join(" ", resolved));
    }

    /** The latest user turn that asks something; else the latest user turn; else the latest turn. */
    private static int anchorTurn(List<Turn> turns) {
        int lastUser = -1;
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).isUser()) {
                if (lastUser < 0) {
                    lastUser = i;
                }
                if (TextAnalysis.sentences(turns.get(i).content()).stream().anyMatch(s -> asRequest(s) != null)) {
                    return i;
                }
            }
        }
        return lastUser >= 0 ? lastUser : turns.size() - 1;
    }

    /** The sentence as a question when it asks something ("Tell me X." → "Can you tell me X?"), else null. */
    static String asRequest(String sentence) {
        String s = sentence.strip();
        if (s.endsWith("?") || QUESTION_START.matcher(s).find()) {
            return s.replaceAll("[.!…]+$", "").replaceAll("\\?*$", "") + "?";
        }
        if (REQUEST_START.matcher(s).find()) {
            String body = s.replaceFirst("^(?i:please)\\s+", "").replaceAll("[.!…]+$", "").replaceAll(",?\\s+(?i:please)$", "");
            return "Can you " + Character.toLowerCase(body.charAt(0)) + body.substring(1) + "?";
        }
        return null;
    }

    /** Something a pronoun may stand for, with how salient it is in the conversation. */
    record Referent(String phrase, double salience, boolean person, boolean place) {
        Referent(String phrase, double salience, boolean person) {
            this(phrase, salience, person, false);
        }
    }

    /**
     * Named things of the earlier turns with their salience: each mention counts, a user's
     * mention double, a sentence's subject half again as much, and the weight halves with every
     * turn further back — "it" usually means what was just talked about.
     */
    private List<Referent> referents(List<Turn> context, List<String> anchorLeadIn) {
        Map<String, Double> salience = new LinkedHashMap<>();
        Map<String, String> display = new LinkedHashMap<>();
        // A lone capitalized word opening a sentence ("Quantum computing uses qubits") may just be
        // capitalized because it opens the sentence; it counts only if it is capitalized elsewhere too.
        Set<String> onlyAsOpener = new java.util.HashSet<>();
        Set<String> elsewhere = new java.util.HashSet<>();
        for (int t = 0; t <= context.size(); t++) {
            boolean user = t == context.size() || context.get(t).isUser();
            int distance = context.size() - t;
            double turnWeight = (user ? 2.0 : 1.0) * Math.pow(0.5, distance - 1);
            List<String> sentences = t == context.size() ? anchorLeadIn : TextAnalysis.sentences(context.get(t).content());
            for (String sentence : sentences) {
                for (Phrase phrase : phrases(sentence, user)) {
                    String key = phrase.text().toLowerCase(Locale.ROOT).replaceFirst("^the\\s+", "");
                    double weight = turnWeight * (phrase.subject() ? 1.5 : 1.0) * (user && askedAbout(sentence, phrase.text()) ? ASKED_WEIGHT : 1.0);
                    salience.merge(key, weight, Double::sum);
                    if (phrase.subject() && !phrase.text().contains(" ")) {
                        onlyAsOpener.add(key);
                    } else {
                        elsewhere.add(key);
                    }
                    display.putIfAbsent(key, phrase.text());
                    if (phrase.text().toLowerCase(Locale.ROOT).startsWith("the ")) {
                        display.put(key, phrase.text()); // "the Eiffel Tower" reads better than "Eiffel Tower"
                    }
                }
            }
        }
        List<Referent> referents = new ArrayList<>();
        onlyAsOpener.removeAll(elsewhere);
        for (Map.Entry<String, Double> e : salience.entrySet()) {
            if (onlyAsOpener.contains(e.getKey())) {
                continue;
            }
            String phrase = display.get(e.getKey());
            boolean person = looksLikePerson(phrase);
            referents.add(new Referent(phrase, e.getValue(), person, !person && looksLikePlace(phrase)));
        }
        return referents;
    }

    /** Whether the sentence asks about the phrase: "Tell me about the Eiffel Tower", "Who was Marie Curie?". */
    static boolean askedAbout(String sentence, String phrase) {
        Matcher m = ASKED_ABOUT.matcher(sentence.strip());
        while (m.find()) {
            String rest = sentence.strip().substring(m.end()).toLowerCase(Locale.ROOT);
            String p = phrase.toLowerCase(Locale.ROOT);
            if (rest.startsWith(p) || rest.startsWith("the " + p.replaceFirst("^the\\s+", ""))
                    || rest.replaceFirst("^(?:a|an|the)\\s+", "").startsWith(p.replaceFirst("^the\\s+", ""))) {
                return true;
            }
        }
        return false;
    }

    /** A city, country or region: by the embedder, against a thing that is not a place. */
    private boolean looksLikePlace(String phrase) {
        if (phrase.toLowerCase(Locale.ROOT).startsWith("the ") || !Character.isUpperCase(phrase.charAt(0))
                || phrase.chars().anyMatch(Character::isDigit)) {
            return false;
        }
        float[] v = embedder.embed(phrase);
        return Vectors.cosine(v, place()) > Vectors.cosine(v, object());
    }

    private float[] place() {
        if (placePrototype == null) {
            placePrototype = embedder.embed("a city, a town, a country or a region");
        }
        return placePrototype;
    }

    private float[] object() {
        if (objectPrototype == null) {
            objectPrototype = embedder.embed("a building, a monument, a thing, a product, a company or an idea");
        }
        return objectPrototype;
    }

    /** A candidate referent as written, and whether it opens its sentence (is likely its subject). */
    record Phrase(String text, boolean subject) {
    }

    private static List<Phrase> phrases(String sentence, boolean user) {
        List<Phrase> phrases = new ArrayList<>();
        Matcher named = NAMED.matcher(sentence);
        while (named.find()) {
            String phrase = named.group().strip();
            // Drop capitalized sentence openers ("Tell", "What") and trailing joiners.
            List<String> words = new ArrayList<>(List.of(phrase.split("\\s+")));
            boolean opener = false;
            while (!words.isEmpty() && NOT_NAMES.contains(words.get(0).toLowerCase(Locale.ROOT)) && !words.get(0).equalsIgnoreCase("the")) {
                words.remove(0);
                opener = true;
            }
            while (!words.isEmpty() && Set.of("of", "and", "the", "de", "la").contains(words.get(words.size() - 1).toLowerCase(Locale.ROOT))) {
                words.remove(words.size() - 1);
            }
            if (words.isEmpty() || (words.size() == 1 && (words.get(0).equalsIgnoreCase("the")
                    || CALENDAR_WORDS.contains(words.get(0).toLowerCase(Locale.ROOT))))) {
                continue;
            }
            String cleaned = String.join(" ", words);
            if (cleaned.toLowerCase(Locale.ROOT).startsWith("the ")) {
                cleaned = "the" + cleaned.substring(3);
            }
            phrases.add(new Phrase(cleaned, named.start() == 0 && !opener));
        }
        if (user) {
            Matcher about = ABOUT.matcher(sentence);
            while (about.find()) {
                String topic = about.group(1).strip();
                if (!TextAnalysis.CHAT.of(topic).isEmpty()
                        && phrases.stream().noneMatch(p -> topic.contains(p.text()) || p.text().contains(topic))) {
                    phrases.add(new Phrase(topic, false));
                }
            }
        }
        return phrases;
    }

    private boolean looksLikePerson(String phrase) {
        // People are not "the …", not lower-case topics and have no model numbers ("Model 3").
        if (phrase.toLowerCase(Locale.ROOT).startsWith("the ") || !Character.isUpperCase(phrase.charAt(0))
                || phrase.chars().anyMatch(Character::isDigit)) {
            return false;
        }
        float[] v = embedder.embed(phrase);
        return Vectors.cosine(v, person()) > Vectors.cosine(v, thing());
    }

    private float[] person() {
        if (personPrototype == null) {
            personPrototype = embedder.embed("a person, a man or a woman, someone's name");
        }
        return personPrototype;
    }

    private float[] thing() {
        if (thingPrototype == null) {
            thingPrototype = embedder.embed("a place, a city, a building, a thing, a product or an organization");
        }
        return thingPrototype;
    }

    /**
     * Replaces the first pronoun of each kind (person, thing, place) that has a referent; later
     * ones of the same kind then read naturally ("When did Marie Curie win her first prize?").
     */
    static String resolve(String question, List<Referent> referents) {
        Set<String> done = new java.util.HashSet<>();
        Matcher m = PRONOUN.matcher(question);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String pronoun = m.group(1).toLowerCase(Locale.ROOT);
            String kind = switch (pronoun) {
                case "he", "him", "his", "she", "her" -> "person";
                case "there" -> "place";
                default -> "thing";
            };
            String replacement = done.contains(kind) ? null : replacement(question, m, pronoun, kind, referents);
            if (replacement != null) {
                done.add(kind);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String replacement(String text, Matcher m, String pronoun, String kind, List<Referent> referents) {
        List<String> preceding = lowerCaseWords(text.substring(0, m.start()));
        List<String> following = lowerCaseWords(text.substring(m.end()));
        String previousWord = preceding.isEmpty() ? "" : preceding.get(preceding.size() - 1);
        String nextWord = following.isEmpty() ? "" : following.get(0);
        if (pronoun.equals("it") && (DUMMY_IT_FOLLOWERS.contains(nextWord)
                || (Set.of("is", "was").contains(nextWord) && following.size() > 1 && DUMMY_IT_FOLLOWERS.contains(following.get(1))))) {
            return null;
        }
        if (pronoun.equals("there") && (Set.of("is", "are", "was", "were").contains(nextWord)
                || Set.of("is", "are", "was", "were").contains(previousWord))) {
            return null;
        }
        Referent best = null;
        double bestWeight = 0;
        boolean anyPlace = referents.stream().anyMatch(Referent::place);
        for (Referent r : referents) {
            boolean fits = kind.equals("person") ? r.person()
                    : kind.equals("place") ? !r.person() && (r.place() || !anyPlace) : !r.person();
            // "It" prefers things to places; "there" takes places when there are any.
            double weight = r.salience() * (kind.equals("thing") && r.place() ? PLACE_FOR_IT : 1.0);
            if (fits && (best == null || weight > bestWeight + 1e-9)) {
                best = r;
                bestWeight = weight;
            }
        }
        if (best == null) {
            return null;
        }
        String phrase = m.start() == 0 ? capitalize(best.phrase()) : best.phrase();
        boolean possessive = switch (pronoun) {
            case "its", "their", "his" -> true;
            case "her" -> !nextWord.isEmpty() && !TextAnalysis.CHAT.isStopWord(nextWord) && !Set.of("to", "in", "on", "at").contains(nextWord);
            default -> false;
        };
        if (possessive) {
            return phrase + (phrase.endsWith("s") ? "'" : "'s");
        }
        if (pronoun.equals("there")) {
            return (MOTION_VERBS.contains(previousWord) ? "to " : "in ") + phrase;
        }
        return phrase;
    }

    private static List<String> lowerCaseWords(String text) {
        return TextAnalysis.surfaceWords(text).stream().map(w -> w.text().toLowerCase(Locale.ROOT)).toList();
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
