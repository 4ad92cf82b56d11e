package dev.engram.fact;

import dev.engram.message.Turn;
import dev.engram.text.Perspective;
import dev.engram.text.Sentences;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Learns facts from what users say about themselves, with sentence patterns — in-process,
 * deterministic, no model. Only messages of role type {@code user} are read: what an assistant
 * says in the first person is about the assistant. Questions, requests and negated sentences
 * teach nothing. Each pattern yields a canonical statement ("I moved to Lisbon" and "I live in
 * Lisbon" both give "Ada lives in Lisbon"), so the same fact said twice is recognised.
 */
public class LocalFactExtractor implements FactExtractor {

    /** One sentence pattern: group "x" is the object; {S} and {X} fill the template. */
    private record Rule(Pattern pattern, String name, boolean singleValued, String template) {
    }

    /** Where an object phrase stops: punctuation, or a word that starts another clause or a time. */
    private static final String END = "(?=\\s+(?:and|but|because|since|so|as|last|next|this|that|a few|ago|yesterday|today"
            + "|tomorrow|recently|now|with|after|before|when|while|where|which|who|for (?:a|the|two|three|\\d)|in (?:19|20)\\d\\d"
            + "|years?|months?|weeks?)\\b|\\s*[,.;:!?()\"]|\\s*$)";
    private static final String X = "(?<x>[^,.;:!?()\"]+?)" + END;
    private static final String ADV = "(?:(?:also|really|now|currently|still|just|recently|finally|actually|absolutely|truly|mostly) )?";
    private static final String I = "\\bI ";
    private static final String IM = "\\bI(?:'m|’m| am) ";
    private static final String DET = "(?<det>a|an|two|three|four|five|\\d+) ";
    private static final String OCCUPATION = "(?<x>(?:[a-z]+[ -])*?[a-z]*(?:er|or|ist|ian|ant|ent|nurse|doctor|chef|cook|student|"
            + "architect|pilot|analyst|engineer|developer|designer|teacher|lawyer|manager|consultant|scientist|"
            + "librarian|dentist|mechanic|electrician|plumber|carpenter|farmer|artist|writer|journalist|"
            + "photographer|accountant|pharmacist|veterinarian|therapist|programmer|officer|clerk|assistant))" + END;

    private static final List<Rule> RULES = List.of(
            rule(I + "(?:have |'ve |’ve )?" + ADV + "(?:moved|relocated) (?:back )?to " + X, "LIVES_IN", true, "{S} lives in {X}"),
            rule(I + ADV + "live in " + X, "LIVES_IN", true, "{S} lives in {X}"),
            rule(IM + ADV + "(?:living|based|settled|staying) in " + X, "LIVES_IN", true, "{S} lives in {X}"),
            rule(IM + "(?:originally )?from " + X, "IS_FROM", true, "{S} is from {X}"),
            rule(I + "(?:come|came) from " + X, "IS_FROM", true, "{S} is from {X}"),
            rule(I + "was born in " + X, "BORN_IN", true, "{S} was born in {X}"),
            rule(I + ADV + "work as " + DET + OCCUPATION, "WORKS_AS", true, "{S} works as {DET} {X}"),
            rule(IM + ADV + DET + OCCUPATION, "WORKS_AS", true, "{S} is {DET} {X}"),
            rule(I + ADV + "work (?:at|for) " + X, "WORKS_AT", true, "{S} works at {X}"),
            rule(I + "(?:have |'ve |’ve )?" + ADV + "(?:joined|started (?:a (?:new )?job |working )?at) " + X, "WORKS_AT", true,
                    "{S} works at {X}"),
            rule(IM + "(?<x>\\d{1,3})(?: years old| yo)?" + END, "HAS_AGE", true, "{S} is {X} years old"),
            rule(IM + "allergic to " + X, "ALLERGIC_TO", false, "{S} is allergic to {X}"),
            rule(I + ADV + "speak " + X, "SPEAKS", false, "{S} speaks {X}"),
            rule(I + ADV + "(?:study|am studying|'m studying) " + X, "STUDIES", true, "{S} studies {X}"),
            rule(I + ADV + "(?:have|'ve got|have got|own) " + DET + X, "HAS", false, "{S} has {DET} {X}"),
            rule(I + ADV + "(?<verb>love|like|enjoy|adore|prefer) " + X, "LIKES", false, "{S} {VERB} {X}"),
            rule(I + ADV + "(?:hate|dislike|can't stand|can’t stand|cannot stand|don't like|don’t like|do not like) " + X,
                    "DISLIKES", false, "{S} dislikes {X}"));

    /** "My favourite colour is green" → Ada's favourite colour is green (HAS_FAVOURITE_COLOUR). */
    private static final Pattern MY_ATTRIBUTE = Pattern.compile(
            "\\b[Mm]y (?<attr>(?:[a-z]+'s |[a-z]+ ){0,2}[a-z]+) (?<verb>is|are|was) " + X);
    private static final Set<String> NOT_ATTRIBUTES = Set.of("name", "question", "problem", "point", "guess", "bad",
            "pleasure", "fault", "turn", "mistake", "idea", "issue");
    /** Objects that refer back to something instead of naming it ("I like it"). */
    private static final Set<String> VAGUE = Set.of("it", "that", "this", "them", "those", "these", "you", "him", "her",
            "one", "so", "too", "a lot", "very much", "to", "question", "problem", "idea", "lot", "bit");
    private static final Pattern NEGATION = Pattern.compile("\\b(?:not|never|no longer|n't|n’t|anymore)\\b|n't\\b|n’t\\b");
    private static final Pattern REQUEST = Pattern.compile(
            "^(?:please|can|could|would|will|should|shall|do|does|did|is|are|what|where|when|who|why|how|which|"
                    + "find|book|show|tell|give|help|recommend|suggest|check|send|get|make|plan|remind|list|search|look)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern INTENT = Pattern.compile(
            "\\bI(?:'d|’d| would| want| need| wish| hope| plan| might| may| will|'ll|’ll| wonder| think| guess)\\b");

    private static Rule rule(String regex, String name, boolean singleValued, String template) {
        return new Rule(Pattern.compile(regex), name, singleValued, template);
    }

    @Override
    public List<ExtractedFact> extract(Conversation conversation) {
        Map<String, ExtractedFact> facts = new LinkedHashMap<>();
        for (Turn turn : conversation.turns()) {
            if (!turn.isUser() || turn.content() == null) {
                continue;
            }
            String subject = FactExtractor.subjectOf(turn, conversation.userName());
            for (String sentence : Sentences.split(turn.content())) {
                for (ExtractedFact fact : fromSentence(sentence, subject, turn)) {
                    facts.putIfAbsent(fact.fact().toLowerCase(Locale.ROOT), fact);
                }
            }
        }
        return new ArrayList<>(facts.values());
    }

    List<ExtractedFact> fromSentence(String sentence, String subject, Turn turn) {
        List<ExtractedFact> found = new ArrayList<>();
        String s = sentence.strip();
        if (s.endsWith("?") || REQUEST.matcher(s).lookingAt()) {
            return found;
        }
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(s);
            while (m.find()) {
                String before = s.substring(clauseStart(s, m.start()), m.start());
                String matched = s.substring(m.start(), m.end());
                if (INTENT.matcher(before).find() || negated(before) || !rule.name().equals("DISLIKES") && negated(matched)) {
                    continue;
                }
                String object = tidy(m.group("x"));
                if (vague(object)) {
                    continue;
                }
                String text = rule.template()
                        .replace("{S}", subject)
                        .replace("{X}", Perspective.rewrite(object, Perspective.Subject.named(subject)))
                        .replace("{DET}", group(m, "det"))
                        .replace("{VERB}", Perspective.thirdPersonSingular(group(m, "verb")));
                found.add(new ExtractedFact(text, rule.name(), subject, target(object), rule.singleValued(),
                        turn.uuid(), turn.createdAt()));
            }
        }
        Matcher attribute = MY_ATTRIBUTE.matcher(s);
        while (attribute.find()) {
            String attr = attribute.group("attr").toLowerCase(Locale.ROOT);
            String value = tidy(attribute.group("x"));
            if (NOT_ATTRIBUTES.contains(attr) || vague(value)
                    || negated(s.substring(attribute.start(), attribute.end()))) {
                continue;
            }
            String possessive = Perspective.Subject.named(subject).possessive();
            String text = possessive + " " + attr + " " + attribute.group("verb") + " "
                    + Perspective.rewrite(value, Perspective.Subject.named(subject));
            String name = "HAS_" + attr.replaceAll("[^a-z]+", "_").toUpperCase(Locale.ROOT);
            found.add(new ExtractedFact(text, name, subject, target(value), true, turn.uuid(), turn.createdAt()));
        }
        return found;
    }

    /** Where the clause holding {@code position} starts (after the last comma or semicolon before it). */
    private static int clauseStart(String sentence, int position) {
        return Math.max(sentence.lastIndexOf(',', position), sentence.lastIndexOf(';', position)) + 1;
    }

    private static boolean vague(String object) {
        if (object.isEmpty()) {
            return true;
        }
        String lower = object.toLowerCase(Locale.ROOT);
        return VAGUE.contains(lower) || VAGUE.contains(lower.split(" ")[0]);
    }

    private static boolean negated(String text) {
        return NEGATION.matcher(text.toLowerCase(Locale.ROOT)).find();
    }

    private static String group(Matcher m, String name) {
        try {
            String value = m.group(name);
            return value == null ? "" : value;
        } catch (IllegalArgumentException noSuchGroup) {
            return "";
        }
    }

    private static String tidy(String phrase) {
        return phrase == null ? "" : phrase.strip().replaceAll("\\s+", " ").replaceFirst("(?i)^(?:in|to) ", "");
    }

    /**
     * The entity a fact points at: the proper name in the object when there is one ("a flat in
     * Lisbon" → Lisbon), else the object phrase without its article.
     */
    static String target(String object) {
        Matcher proper = Pattern.compile("\\b\\p{Lu}[\\p{L}'’-]*(?:\\s+(?:of |de |da |do |del |la |von |van )?\\p{Lu}[\\p{L}'’-]*)*")
                .matcher(object);
        while (proper.find()) {
            String name = proper.group();
            if (!name.equals("I")) {
                return name;
            }
        }
        String plain = object.replaceFirst("(?i)^(?:a|an|the|my|some|two|three|\\d+) ", "").strip();
        return plain.isEmpty() ? null : plain;
    }
}
