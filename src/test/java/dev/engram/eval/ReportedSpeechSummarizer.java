package dev.engram.eval;

import dev.engram.fact.FactExtractor;
import dev.engram.summary.Summarizer;
import dev.engram.message.Turn;
import dev.engram.text.Perspective;
import dev.engram.text.TextAnalysis;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The baseline of {@link SummaryEvalTest}: the local summarizer as it was before the extractive
 * one (commit 271b0ff, {@code dev.engram.summary.LocalSummarizer}), copied unchanged but for its
 * name, so both are measured in the same run. Not used by the server.
 *
 * <p>Summaries without a model: reported speech built from the most informative sentences of each
 * message ("Ada said they moved to Lisbon last month and that they work as a nurse. The
 * assistant suggested …"), appended to the previous summary. When the result grows past
 * {@link #MAX_CHARS}, the least informative sentences (oldest first among equals) are dropped,
 * so a summary stays bounded however long the conversation gets.
 */
class ReportedSpeechSummarizer implements Summarizer {

    static final int MAX_CHARS = 1200;
    /** Sentences taken from one message. */
    private static final int PER_MESSAGE = 2;

    private static final Pattern SMALL_TALK = Pattern.compile(
            "^(?:hi|hello|hey|thanks|thank you|welcome|good (?:morning|afternoon|evening|night)|bye|goodbye|ok|okay|"
                    + "sure|great|cool|nice|yes|no|yeah|yep|nope|alright|got it|you're welcome|no problem|"
                    + "how can i help|how may i help|what can i do for you|anything else|glad to help)\\b.{0,30}$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern POLITE_REQUEST = Pattern.compile(
            "^(?:please\\s+)?(?:can|could|would|will) you (?:please )?(.+?)\\??$", Pattern.CASE_INSENSITIVE);
    private static final Set<String> IMPERATIVES = Set.of("find", "book", "show", "tell", "give", "help", "recommend",
            "suggest", "check", "send", "get", "make", "plan", "remind", "list", "search", "look", "please", "cancel",
            "add", "change", "schedule", "order", "buy", "reserve", "explain", "write", "summarize", "translate");
    /** First words of a reported clause that are not names, so they go lower case after "said". */
    private static final Set<String> COMMON_OPENERS = Set.of("the", "a", "an", "it", "this", "that", "there", "we", "you",
            "they", "their", "them", "its", "here", "both", "all", "some", "your", "our", "booked", "sure", "yes", "no",
            "maybe", "perhaps", "today", "tomorrow", "yesterday", "and", "but", "so", "also");
    private static final Pattern FIRST_PERSON = Pattern.compile("\\b(?:I|I'm|I've|I'd|I'll|me|my|mine|myself)\\b");

    @Override
    public String summarize(String previousSummary, List<Turn> turns, String userName) {
        List<String> previous = previousSummary == null ? List.of() : TextAnalysis.sentences(previousSummary);
        List<String> added = new ArrayList<>();
        for (Turn turn : turns) {
            String reported = report(turn, userName);
            if (reported != null) {
                added.add(reported);
            }
        }
        if (added.isEmpty() && previous.isEmpty()) {
            String who = userName == null || userName.isBlank() ? "The user" : userName;
            added.add(who + " exchanged " + turns.size() + " message" + (turns.size() == 1 ? "" : "s")
                    + " with the assistant without stating anything of note.");
        }
        return bounded(previous, added);
    }

    /** One sentence of reported speech for a message, or null when it says nothing worth keeping. */
    String report(Turn turn, String userName) {
        boolean user = turn.isUser();
        boolean assistant = "assistant".equals(turn.roleType());
        if (!user && !assistant || turn.content() == null) {
            return null; // system prompts, tool and function output are not part of what was said
        }
        String speaker = user ? FactExtractor.subjectOf(turn, userName) : assistantName(turn);
        Perspective.Subject pronoun = user ? Perspective.Subject.they() : Perspective.Subject.it();
        List<String> kept = mostInformative(TextAnalysis.sentences(turn.content()));
        List<String> statements = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        for (String sentence : kept) {
            String s = sentence.strip();
            var polite = POLITE_REQUEST.matcher(s);
            List<String> words = words(s);
            String firstWord = words.isEmpty() ? "" : words.get(0).toLowerCase(Locale.ROOT);
            if (polite.matches()) {
                requests.add(clause(Perspective.rewrite(polite.group(1), pronoun), true));
            } else if (IMPERATIVES.contains(firstWord) && !s.endsWith("?")) {
                requests.add(clause(Perspective.rewrite(s.replaceFirst("(?i)^please\\s+", ""), pronoun), true));
            } else if (s.endsWith("?")) {
                requests.add("\"" + s + "\"");
            } else {
                boolean firstPerson = FIRST_PERSON.matcher(s).find();
                statements.add(clause(firstPerson ? Perspective.rewrite(s, pronoun) : s, false));
            }
        }
        List<String> parts = new ArrayList<>();
        if (!statements.isEmpty()) {
            parts.add(speaker + " said " + String.join(" and that ", statements));
        }
        for (String request : requests) {
            String verb = request.startsWith("\"") ? " asked " : " asked " + (user ? "the assistant" : userName(userName)) + " to ";
            parts.add((parts.isEmpty() ? speaker : (user ? "they" : "it")) + verb + request);
        }
        return parts.isEmpty() ? null : String.join(" and ", parts).replaceAll("[.!]+\"", "\"") + ".";
    }

    private static String assistantName(Turn turn) {
        String role = turn.role() == null ? "" : turn.role().strip();
        return role.isEmpty() || FactExtractor.ROLE_TYPE_NAMES.contains(role.toLowerCase(Locale.ROOT)) ? "The assistant" : role;
    }

    private static String userName(String userName) {
        return userName == null || userName.isBlank() ? "the user" : userName;
    }

    /** Up to {@link #PER_MESSAGE} sentences, the most informative ones, in their original order. */
    private static List<String> mostInformative(List<String> sentences) {
        List<String> candidates = sentences.stream()
                .filter(s -> words(s).size() >= 3 && !SMALL_TALK.matcher(s.strip()).matches())
                .toList();
        List<String> best = candidates.stream()
                .sorted(Comparator.comparingDouble(ReportedSpeechSummarizer::informativeness).reversed())
                .limit(PER_MESSAGE).toList();
        return candidates.stream().filter(best::contains).toList();
    }

    /** Content words, names and numbers make a sentence worth keeping. */
    static double informativeness(String sentence) {
        List<String> words = words(sentence);
        double score = 0;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.length() > 3) {
                score += 1;
            }
            if (i > 0 && Character.isUpperCase(w.charAt(0)) && !w.equals("I")) {
                score += 1.5;
            }
            if (Character.isDigit(w.charAt(0))) {
                score += 1;
            }
        }
        return score;
    }

    /** A reported clause: no final punctuation, lower-cased first word unless it may be a name. */
    private static String clause(String sentence, boolean request) {
        String s = sentence.strip().replaceAll("[.!…]+$", "");
        List<String> words = words(s);
        if (!words.isEmpty() && (request || COMMON_OPENERS.contains(words.get(0).toLowerCase(Locale.ROOT)))
                && s.startsWith(words.get(0))) {
            s = Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }

    /** The words of a sentence as written (case and digits matter here). */
    private static List<String> words(String sentence) {
        return TextAnalysis.surfaceWords(sentence).stream().map(TextAnalysis.Word::text).toList();
    }

    /** Previous sentences then new ones, dropping the least informative until under the bound. */
    static String bounded(List<String> previous, List<String> added) {
        List<String> all = new ArrayList<>(previous);
        all.addAll(added);
        while (String.join(" ", all).length() > MAX_CHARS && all.size() > 1) {
            String weakest = all.stream().min(Comparator.comparingDouble(ReportedSpeechSummarizer::informativeness)).orElseThrow();
            all.remove(weakest);
        }
        String text = String.join(" ", all);
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS - 1).strip() + "…";
    }
}
