package dev.engram.eval;

import dev.engram.fact.ExtractedFact;
import dev.engram.fact.FactExtractor;

import dev.engram.message.Turn;
import dev.engram.text.Perspective;
import dev.engram.text.TextAnalysis;
import java.util.ArrayList;
import java.util.HashSet;
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
 *
 * <p>A sentence is first cut into clauses (at commas, semicolons, and at "and" / "but" / "so"
 * before a new subject: "I earn 3400 pounds a month and I rent a flat in Leeds"); a clause that
 * drops the subject ("… and need a bike") keeps the speaker's. People and pets the user
 * introduces by name ("my dog Miso") are remembered for the rest of the conversation, so that
 * "Miso is a shiba inu" is understood as a fact too.
 */
public class PatternFactExtractor implements FactExtractor {

    /** How a rule's object becomes facts. */
    private enum Kind { ONE, LIST }

    /** One sentence pattern: group "x" is the object; {S}, {X}, {DET}, {VERB}, {RAW} fill the template. */
    private record Rule(Pattern pattern, String name, boolean singleValued, String template, Kind kind) {
    }

    /** Punctuation that ends a phrase; a dot or comma inside a token ("clinic-mail.net", "3,400") does not. */
    private static final String PUNCT = "\\s*(?:[;:!?()\"]|[.,](?![\\p{L}\\p{N}]))|\\s*$";
    /** Words that start another clause or a time, and so end an object phrase. */
    private static final String STOPS = "but|because|since|so|as|if|unless|last|next|this|that|a few|ago|yesterday|today"
            + "|tomorrow|recently|now|with|after|before|when|while|where|which|who|for (?:a|the|two|three|\\d)"
            + "|in (?:19|20)\\d\\d|years?|months?|weeks?";
    private static final String DETERMINER = "(?:a|an|two|three|four|five|\\d+)";
    /** Where an object phrase stops. */
    private static final String END = end("and|" + STOPS);
    /** Like {@link #END}, but "and a …" continues a list ("a sore throat and a fever"). */
    private static final String LIST_END = end("and(?!\\s+" + DETERMINER + "\\s)|" + STOPS);
    /** Like {@link #END}, but also at a place, purpose or frequency ("a bike for my commute", "the violin in the evenings"). */
    private static final String SHORT_END = end("and|" + STOPS + "|in|on|at|for|to|every|each|twice|once|daily|weekly"
            + "|too|as well|within|by|since|from");
    /** Where a goal stops: at a deadline or a new clause, not at "for" ("save for a house deposit within three years"). */
    private static final String GOAL_END = "(?=\\s+(?:within|by|before|because|since|so|but|when|while|once|if|next|this"
            + "|someday|one day|eventually|soon|in (?:the next|a few|a year|\\d+|two|three|four|five|ten))\\b|" + PUNCT + ")";
    /** Where what happened to someone stops: not at "with" ("diagnosed with asthma"). */
    private static final String EVENT_END = end("and|but|because|since|so|as|if|unless|last|next|this|that|a few|ago"
            + "|yesterday|today|tomorrow|recently|when|while|in (?:19|20)\\d\\d|years?|months?|weeks?");
    private static final String PHRASE = "(?:[^,.;:!?()\"]|[.,](?=[\\p{L}\\p{N}]))+?";
    private static final String MORE = "(?:[^,.;:!?()\"]|[.,](?=[\\p{L}\\p{N}]))*?";
    private static final String X = "(?<x>" + PHRASE + ")" + END;
    private static final String ADV = "(?:(?:also|really|now|currently|still|just|recently|finally|actually|absolutely|truly|mostly) )?";
    private static final String I = "\\bI ";
    private static final String IM = "\\bI(?:'m|’m| am) ";
    private static final String DET = "(?<det>a|an|two|three|four|five|\\d+) ";
    private static final String OCCUPATION = "(?<x>(?:[a-z]+[ -])*?[a-z]*(?:er|or|ist|ian|ant|ent|nurse|doctor|chef|cook|student|"
            + "architect|pilot|analyst|engineer|developer|designer|teacher|lawyer|manager|consultant|scientist|"
            + "librarian|dentist|mechanic|electrician|plumber|carpenter|farmer|artist|writer|journalist|"
            + "photographer|accountant|pharmacist|veterinarian|therapist|programmer|officer|clerk|assistant))"
            + end("and|at|for|in|on|" + STOPS);
    /** Lasting conditions a person can be ("I'm vegetarian"); passing moods ("I'm tired", "I'm sorry") are not facts. */
    private static final String STATE = "(?<x>vegetarian|vegan|pescatarian|diabetic|pregnant|married|engaged|single|divorced"
            + "|widowed|retired|unemployed|self-employed|freelance|left-handed|right-handed|colou?r-?blind|deaf|blind"
            + "|(?:lactose|gluten) intolerant|coeliac|celiac|asthmatic|epileptic|dyslexic|autistic|introverted|extroverted"
            + "|bilingual|trilingual|vaccinated|disabled|sober)" + END;
    private static final String CURRENCY = "(?:pounds|euros?|dollars|bucks|quid|grand|usd|eur|gbp|chf|francs|yen|rupees"
            + "|pesos|reais|zloty|kronor|kroner|k)\\b";
    private static final String AMOUNT = "(?<x>(?:about |around |roughly |almost |nearly |over |under )?"
            + "(?:[$£€]\\s?\\d+(?:[.,]\\d+)*k?|\\d+(?:[.,]\\d+)* ?" + CURRENCY + ")"
            + "(?: (?:a|an|per|each|every) (?:month|year|week|day|hour)| (?:monthly|annually|yearly|weekly|hourly|net|gross))?)"
            + "(?=\\s|" + PUNCT + ")";
    /** Verbs of a lasting aim ("I want to save for a house"); "I want to book…" is a request, not a goal. */
    private static final String GOAL = "(?:save (?:for|up|money)|buy|learn|become|lose|gain|retire|build|move (?:to|abroad|out)"
            + "|visit (?=\\p{Lu})|travel|run (?:a|an|my own)|improve|quit|pay off|study|write (?:a|my) (?:book|novel|thesis)"
            + "|train for|launch|adopt|switch careers|change careers|get fit|get in shape|get married|get a degree"
            + "|get promoted|go back to|climb|hike|cycle|swim|compete|publish)\\b";
    /** Things that happen to someone ("I was charged twice", "I was diagnosed with asthma"). */
    private static final String EVENT = "(?:charged|billed|overcharged|double-charged|refunded|diagnosed|promoted|hired|fired"
            + "|laid off|injured|hospitali[sz]ed|admitted|discharged|robbed|scammed|hacked|locked out|married|divorced"
            + "|accepted|rejected|denied|approved|awarded|selected|elected|transferred|evicted|arrested|fined"
            + "|vaccinated|operated on|bitten|stung|adopted|raised|certified|banned|suspended|upgraded|downgraded)\\b";
    private static final String HOME = "(?:[a-z]+ ){0,2}(?:flat|apartment|house|home|room|studio|condo|place|cottage"
            + "|bungalow|loft|houseshare|flatshare)";

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
            new Rule(Pattern.compile("\\bI(?: " + ADV + "(?:have|own|have got|have had|have been having)|(?:'|’)ve " + ADV
                    + "(?:got|had|been having)) (?<x>" + DETERMINER + " " + PHRASE + ")" + LIST_END),
                    "HAS", false, "{S} has {X}", Kind.LIST),
            rule(I + ADV + "(?<verb>love|like|enjoy|adore|prefer) " + X, "LIKES", false, "{S} {VERB} {X}"),
            rule(I + ADV + "(?:hate|dislike|can't stand|can’t stand|cannot stand|don't like|don’t like|do not like) " + X,
                    "DISLIKES", false, "{S} dislikes {X}"),
            rule(I + ADV + "work as " + DET + "[a-z -]+? (?:at|for) (?<x>" + PHRASE + ")" + END, "WORKS_AT", true,
                    "{S} works at {X}"),
            rule(IM + ADV + STATE, "IS", false, "{S} is {X}"),
            rule(I + ADV + "(?:earn|make|get paid|take home) " + AMOUNT, "EARNS", true, "{S} earns {X}"),
            rule("\\bI(?: " + ADV + "(?:rent|share|live in)|(?:'m|’m| am) " + ADV + "(?:renting|sharing|living in)) "
                    + "(?:a|an|my|our) " + HOME + " in " + X, "LIVES_IN", true, "{S} lives in {X}"),
            rule(I + ADV + "need (?<x>(?:a|an|some|new|another) " + PHRASE + ")" + SHORT_END, "NEEDS", false, "{S} needs {X}"),
            rule("\\bI(?: " + ADV + "(?:want|hope|plan|intend|aim)|(?:'m|’m| am) " + ADV
                    + "(?:planning|hoping|trying|saving up|aiming)) to (?<x>" + GOAL + MORE + ")" + GOAL_END,
                    "WANTS_TO", false, "{S} wants to {X}"),
            rule(IM + ADV + "(?<verb>flying|travell?ing|going|heading|driving|moving|relocating) to (?<x>\\p{Lu}" + MORE + ")" + SHORT_END,
                    "TRAVELS_TO", false, "{S} is {RAW} to {X}"),
            rule(IM + ADV + "visiting (?<x>\\p{Lu}" + MORE + ")" + SHORT_END, "TRAVELS_TO", false, "{S} is visiting {X}"),
            rule(I + ADV + "(?<verb>play|practi[cs]e|collect|teach|coach) (?<x>" + PHRASE + ")" + SHORT_END, "{VERB}", false,
                    "{S} {VERB} {X}"),
            rule(I + ADV + "was (?<x>" + EVENT + MORE + ")" + EVENT_END, "WAS", false, "{S} was {X}"));

    private static final String RELATION = "(?<rel>wife|husband|partner|boyfriend|girlfriend|fiancée?|son|daughter|child|kid"
            + "|brother|sister|mother|mom|mum|father|dad|friend|best friend|colleague|boss|cousin|uncle|aunt|niece|nephew"
            + "|grandmother|grandma|granny|grandfather|grandpa|roommate|flatmate|neighbou?r|stepson|stepdaughter"
            + "|dog|cat|puppy|kitten|parrot|rabbit|bunny|hamster|horse|bird|turtle|tortoise|guinea pig|snake|lizard)";
    private static final Set<String> PETS = Set.of("dog", "cat", "puppy", "kitten", "parrot", "rabbit", "bunny", "hamster",
            "horse", "bird", "turtle", "tortoise", "guinea pig", "snake", "lizard");
    private static final Set<String> SPOUSES = Set.of("wife", "husband", "partner", "boyfriend", "girlfriend", "fiance", "fiancee",
            "fiancé", "fiancée");
    private static final Pattern RELATION_WORD = Pattern.compile("\\b" + RELATION + "\\b");
    /** "my wife Grace", "my dog called Miso": someone the user introduces by name. */
    private static final Pattern INTRODUCED = Pattern.compile("\\b[Mm]y " + RELATION
            + " (?:(?:is |was )?(?:called|named) )?(?<name>\\p{Lu}\\p{Ll}+(?:-\\p{Lu}\\p{Ll}+)?)\\b");
    private static final Set<String> NOT_NAMES = Set.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
            "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December", "And", "But", "Is", "Was", "Who", "Which");
    /** "Miso is a shiba inu": a statement about someone introduced by name. */
    private static final Pattern NAMED_IS = Pattern.compile(
            "\\b(?<name>\\p{Lu}\\p{Ll}+(?:-\\p{Lu}\\p{Ll}+)?) (?:is|'s|’s) (?<x>(?:a|an) " + PHRASE + ")" + END);
    /** "with my sister": the user has one. */
    private static final Pattern WITH_MY = Pattern.compile("\\bwith my " + RELATION + "\\b(?!\\s+\\p{Lu})");
    /** "My router keeps dropping the connection": something of the user's misbehaves. */
    private static final Pattern MY_TROUBLE = Pattern.compile("\\b[Mm]y (?<thing>(?:[a-z]+ ){0,2}[a-z]+) (?<verb>"
            + "(?:keeps|kept) (?=[a-z]+ing\\b)|(?:has |just )?stopped (?=working|responding|charging|connecting|loading|syncing)"
            + "|broke(?: down)?|is broken|crashed|crashes|froze|freezes|is leaking|leaks)(?<x>" + MORE + ")" + SHORT_END);
    /** "My favourite colour is green" → Ada's favourite colour is green (HAS_FAVOURITE_COLOUR). */
    private static final Pattern MY_ATTRIBUTE = Pattern.compile(
            "\\b[Mm]y (?<attr>(?:[a-z]+'s |[a-z]+ ){0,2}[a-z]+) (?<verb>is|are|was) " + X);
    private static final Set<String> NOT_ATTRIBUTES = Set.of("name", "question", "problem", "point", "guess", "bad",
            "pleasure", "fault", "turn", "mistake", "idea", "issue");
    /** Objects that refer back to something instead of naming it ("I like it"). */
    private static final Set<String> VAGUE = Set.of("it", "that", "this", "them", "those", "these", "you", "him", "her",
            "one", "so", "too", "a lot", "very much", "to", "question", "problem", "idea", "lot", "bit");
    /** What one "needs" from the assistant in the moment rather than in life ("I need a hand"). */
    private static final Set<String> NOT_NEEDS = Set.of("help", "hand", "minute", "moment", "second", "break", "favour",
            "favor", "answer", "recommendation", "suggestion", "refund", "reply", "word", "quote", "table", "reservation");
    private static final Pattern NEGATION = Pattern.compile("\\b(?:not|never|no longer|n't|n’t|anymore)\\b|n't\\b|n’t\\b");
    private static final Pattern REQUEST = Pattern.compile(
            "^(?:please|can|could|would|will|should|shall|do|does|did|is|are|what|where|when|who|why|how|which|"
                    + "find|book|show|tell|give|help|recommend|suggest|check|send|get|make|plan|remind|list|search|look)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern INTENT = Pattern.compile(
            "\\bI(?:'d|’d| would| want| need| wish| hope| plan| might| may| will|'ll|’ll| wonder| think| guess)\\b"
                    + "|\\b(?:if|unless|suppose|imagine|whether|maybe|perhaps)\\b", Pattern.CASE_INSENSITIVE);
    /** A sentence whose first clause is a condition: what follows the comma is hypothetical too. */
    private static final Pattern HYPOTHETICAL = Pattern.compile("^(?:if|unless|suppose|supposing|imagine|what if|in case)\\b",
            Pattern.CASE_INSENSITIVE);
    /** Where a sentence splits into clauses. */
    private static final Pattern CLAUSE_BREAK = Pattern.compile("\\s*;\\s*|\\s*,(?!\\d)\\s*(?:(?:and|but|so|because|though)\\s+)?"
            + "|\\s+(?:and|but|so|because|though|although|while)\\s+(?=(?:I|[Mm]y)\\b)");
    /** "… and need a bike": a clause that drops the speaker, cut where the next verb starts. */
    private static final Pattern SHARED_SUBJECT = Pattern.compile("\\s+and\\s+(?=(?:am|have|need|want|love|like|enjoy|adore|hate"
            + "|work|live|earn|make|rent|play|practi[cs]e|speak|own|study|teach|coach|collect)\\b)");

    private static Rule rule(String regex, String name, boolean singleValued, String template) {
        return new Rule(Pattern.compile(regex), name, singleValued, template, Kind.ONE);
    }

    private static String end(String stops) {
        return "(?=\\s+(?:" + stops + ")\\b|" + PUNCT + ")";
    }

    @Override
    public List<ExtractedFact> extract(Conversation conversation) {
        Map<String, ExtractedFact> facts = new LinkedHashMap<>();
        Set<String> named = new HashSet<>();
        for (Turn turn : conversation.turns()) {
            if (!turn.isUser() || turn.content() == null) {
                continue;
            }
            String subject = FactExtractor.subjectOf(turn, conversation.userName());
            for (String sentence : TextAnalysis.sentences(turn.content())) {
                for (ExtractedFact fact : fromSentence(sentence, subject, turn, named)) {
                    facts.putIfAbsent(fact.fact().toLowerCase(Locale.ROOT), fact);
                }
            }
        }
        return new ArrayList<>(facts.values());
    }

    List<ExtractedFact> fromSentence(String sentence, String subject, Turn turn) {
        return fromSentence(sentence, subject, turn, new HashSet<>());
    }

    /** The facts of one sentence; {@code named} collects (and supplies) the people and pets introduced by name. */
    List<ExtractedFact> fromSentence(String sentence, String subject, Turn turn, Set<String> named) {
        List<ExtractedFact> found = new ArrayList<>();
        String s = sentence.strip();
        if (s.endsWith("?") || REQUEST.matcher(s).lookingAt() || HYPOTHETICAL.matcher(s).lookingAt()) {
            return found;
        }
        List<String> clauses = clauses(s);
        Perspective.Subject who = Perspective.Subject.named(subject);
        for (Rule rule : RULES) {
            for (String clause : clauses) {
                Matcher m = rule.pattern().matcher(clause);
                while (m.find()) {
                    String before = clause.substring(0, m.start());
                    String matched = clause.substring(m.start(), m.end());
                    if (INTENT.matcher(before).find() || negated(before)
                            || !rule.name().equals("DISLIKES") && negated(matched)) {
                        continue;
                    }
                    String verb = group(m, "verb");
                    List<String> objects = rule.kind() == Kind.LIST
                            ? List.of(tidy(m.group("x")).split("\\s+and\\s+(?=" + DETERMINER + "\\s)"))
                            : List.of(tidy(m.group("x")));
                    for (String object : objects) {
                        String bare = withoutArticle(object);
                        if (vague(object) || vague(bare) || rule.name().equals("NEEDS") && NOT_NEEDS.contains(firstWord(bare))) {
                            continue;
                        }
                        String text = rule.template()
                                .replace("{S}", subject)
                                .replace("{X}", Perspective.rewrite(object, who))
                                .replace("{DET}", group(m, "det"))
                                .replace("{RAW}", verb)
                                .replace("{VERB}", Perspective.thirdPersonSingular(verb));
                        String name = rule.name().replace("{VERB}",
                                Perspective.thirdPersonSingular(verb).toUpperCase(Locale.ROOT));
                        found.add(new ExtractedFact(text, name, subject, target(object), rule.singleValued(),
                                turn.uuid(), turn.createdAt()));
                    }
                }
            }
        }
        for (String clause : clauses) {
            people(clause, subject, who, turn, named, found);
        }
        for (String clause : clauses) {
            Matcher trouble = MY_TROUBLE.matcher(clause);
            while (trouble.find()) {
                if (negated(clause.substring(0, trouble.end()))) {
                    continue;
                }
                String thing = trouble.group("thing");
                if (RELATION_WORD.matcher(thing).find()) {
                    continue; // "my wife stopped by" is about a person, not a thing
                }
                String rest = tidy(trouble.group("x"));
                if (!rest.isEmpty() && !trouble.group("verb").matches("(?:keeps|kept|has stopped|just stopped|stopped) ")) {
                    continue; // "my phone broke", but not "my day broke records"
                }
                String text = who.possessive() + " " + thing + " " + trouble.group("verb").strip()
                        + (rest.isEmpty() ? "" : " " + Perspective.rewrite(rest, who));
                found.add(new ExtractedFact(text, "HAS_PROBLEM", subject, thing, false, turn.uuid(), turn.createdAt()));
            }
            Matcher attribute = MY_ATTRIBUTE.matcher(clause);
            while (attribute.find()) {
                String attr = attribute.group("attr").toLowerCase(Locale.ROOT);
                String value = tidy(attribute.group("x"));
                if (NOT_ATTRIBUTES.contains(attr) || vague(value)
                        || negated(clause.substring(attribute.start(), attribute.end()))) {
                    continue;
                }
                String text = who.possessive() + " " + attr + " " + attribute.group("verb") + " " + Perspective.rewrite(value, who);
                String name = "HAS_" + attr.replaceAll("[^a-z]+", "_").toUpperCase(Locale.ROOT);
                found.add(new ExtractedFact(text, name, subject, target(value), true, turn.uuid(), turn.createdAt()));
            }
        }
        return found;
    }

    /**
     * People and pets: "my wife Grace" (Ada's wife is Grace), "my dog Miso" (Ada has a dog named
     * Miso), "with my sister" (Ada has a sister), and what is said of someone introduced by name
     * ("Grace is a teacher").
     */
    private static void people(String clause, String subject, Perspective.Subject who, Turn turn, Set<String> named,
                               List<ExtractedFact> found) {
        if (negated(clause)) {
            return;
        }
        Matcher intro = INTRODUCED.matcher(clause);
        while (intro.find()) {
            String relation = intro.group("rel").toLowerCase(Locale.ROOT);
            String name = intro.group("name");
            if (NOT_NAMES.contains(name)) {
                continue;
            }
            named.add(name);
            String relationName = "HAS_" + relation.replace(' ', '_').toUpperCase(Locale.ROOT);
            String text = PETS.contains(relation)
                    ? subject + " has " + article(relation) + " " + relation + " named " + name
                    : who.possessive() + " " + relation + " is " + name;
            found.add(new ExtractedFact(text, relationName, subject, name, SPOUSES.contains(relation), turn.uuid(),
                    turn.createdAt()));
        }
        Matcher with = WITH_MY.matcher(clause);
        while (with.find()) {
            String relation = with.group("rel").toLowerCase(Locale.ROOT);
            found.add(new ExtractedFact(subject + " has " + article(relation) + " " + relation,
                    "HAS_" + relation.replace(' ', '_').toUpperCase(Locale.ROOT), subject, relation, false, turn.uuid(),
                    turn.createdAt()));
        }
        Matcher is = NAMED_IS.matcher(clause);
        while (is.find()) {
            String name = is.group("name");
            String object = tidy(is.group("x"));
            if (!named.contains(name) || vague(withoutArticle(object))) {
                continue;
            }
            found.add(new ExtractedFact(name + " is " + Perspective.rewrite(object, who), "IS_A", name, target(object), false,
                    turn.uuid(), turn.createdAt()));
        }
    }

    /**
     * The clauses of a sentence: cut at semicolons, commas (not inside numbers) and at
     * "and" / "but" / "so" before a new subject; "I work as a nurse and need a bike" gives "I work
     * as a nurse" and "I need a bike".
     */
    static List<String> clauses(String sentence) {
        List<String> clauses = new ArrayList<>();
        for (String part : CLAUSE_BREAK.split(sentence)) {
            String clause = part.strip();
            if (clause.isEmpty()) {
                continue;
            }
            String[] pieces = clause.matches("^I\\b.*") ? SHARED_SUBJECT.split(clause) : new String[] {clause};
            for (int i = 0; i < pieces.length; i++) {
                clauses.add(i == 0 ? pieces[i] : "I " + pieces[i].strip());
            }
        }
        return clauses;
    }

    private static String article(String noun) {
        return noun.matches("(?i)^[aeiou].*") ? "an" : "a";
    }

    private static String firstWord(String phrase) {
        return phrase.toLowerCase(Locale.ROOT).split(" ")[0];
    }

    private static String withoutArticle(String phrase) {
        return phrase.replaceFirst("(?i)^(?:a|an|the|some|new|another|two|three|four|five|\\d+) ", "").strip();
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
