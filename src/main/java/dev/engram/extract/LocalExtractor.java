package dev.engram.extract;

import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import dev.engram.message.Turn;
import dev.engram.text.TextAnalysis;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts in-process, without a model that generates text. Typed fields (e-mail, phone, ZIP,
 * numbers, dates, regex) are found by their shape; when a conversation holds several, the one
 * whose sentence and neighbouring words are closest to the field's description wins ("3 nights"
 * for "How many nights"). Text fields are found by cue patterns ("my name is …", "I live in …",
 * "my favourite … is …"): the field's description is compared, by embedding similarity and by
 * shared words, with what each pattern captures, and the best candidate above a threshold wins.
 * User messages outrank the assistant's, later ones earlier ones. Deterministic.
 */
public class LocalExtractor implements Extractor {

    /** Below this relevance a text candidate is a guess, and the field is left out instead. */
    static final double TEXT_THRESHOLD = 0.5;
    /** Numbers are everywhere; one must be near words of the description to count. */
    static final double NUMBER_THRESHOLD = 0.25;
    /** How far below the best-matching slot another slot may be and still be used. */
    static final double SLOT_MARGIN = 0.03;
    private static final double USER_BONUS = 0.1;
    private static final double RECENCY_BONUS = 0.02;

    private static final String CAPITALIZED = "(\\p{Lu}[\\p{L}'’-]*(?:\\s+(?:de|da|do|van|von|del|la|le|of|upon)?\\s*\\p{Lu}[\\p{L}'’-]*){0,3})";
    private static final String PHRASE = "([\\p{L}\\p{N}][\\p{L}\\p{N}'’ &-]{0,48}?)(?=\\s+(?:and|but|because|since|so|though|at|for|with|in|on|which|who)\\b|\\s*[.,!?;:()]|\\s*$)";

    /** A kind of thing a text field can ask for, how people describe it, and how they say it. */
    record Slot(String name, List<String> meanings, List<Pattern> cues) {
    }

    private static Pattern cue(String words, String value) {
        return Pattern.compile("(?<![\\p{L}])(?i:" + words + ")\\s+" + value);
    }

    static final List<Slot> SLOTS = List.of(
            new Slot("name", List.of("the user's name", "the person's first name", "what the user is called"), List.of(
                    cue("my name is|my name's|name's|i am|i'm|im|call me|they call me", CAPITALIZED))),
            new Slot("home", List.of("the city where the user lives", "the user's home town", "where the user is from",
                    "the user's location"), List.of(
                    cue("i live in|i'm living in|i am living in|we live in|moved to|relocated to|based in|reside in|residing in"
                            + "|i'm from|i am from|i come from|we're from|hometown is|home town is|home is in", "(?:the city of\\s+)?" + CAPITALIZED),
                            // "I rent a flat in Leeds", "we own a small house in Porto", "my apartment in Berlin"
                            cue("(?:(?:i|we)\\s+(?:rent|own|have|bought|share|(?:'m|am|are)\\s+renting)\\s+|(?:my|our)\\s+)"
                                    + "(?:(?:a|an|the|my|our)\\s+)?(?:[\\p{L}-]+\\s+){0,2}?(?:flat|apartment|house|home|place|room|studio"
                                    + "|condo|cottage|bedsit|loft)\\s+in", CAPITALIZED))),
            new Slot("destination", List.of("the travel destination", "where the user wants to travel", "the place the user is going to visit"),
                    List.of(cue("trip to|travel to|traveling to|travelling to|fly to|flying to|go to|going to|visit|visiting|heading to"
                            + "|vacation in|holiday in|holidays in|tickets? to|train to|flight to", CAPITALIZED))),
            new Slot("occupation", List.of("the user's job", "the user's occupation or profession", "what the user does for work"),
                    List.of(cue("i work as an?|i work as|i'm working as an?|my job is|my profession is|i'm employed as an?|job as an?",
                            PHRASE))),
            new Slot("employer", List.of("the company the user works for", "the user's employer", "where the user works"),
                    List.of(cue("i work at|i work for|i'm working at|i'm working for|employed at|employed by|my employer is|i joined",
                            CAPITALIZED),
                            cue("i work as an?|i'm working as an?|i am working as an?", "[\\p{L} -]+?\\s+(?i:at|for)\\s+" + CAPITALIZED))));

    /** "my favourite colour is green", "my budget is about 500 euros": the words before "is" name the slot. */
    private static final Pattern MY_X_IS_Y = Pattern.compile(
            "(?<![\\p{L}])(?i:my|our)\\s+((?:[\\p{L}'’-]+\\s+){0,2}[\\p{L}'’-]+)\\s+(?i:is|are|was|would be|will be)\\s+" + PHRASE);
    /**
     * "my wife Grace", "our dog, Miso", "my son called Tom": the name right after a relative, a
     * person close to the user or a pet.
     */
    private static final Pattern RELATIVE_NAMED = Pattern.compile(
            "(?<![\\p{L}])(?i:my|our)\\s+((?i:wife|husband|partner|spouse|boyfriend|girlfriend|fianc[eé]e?|son|daughter|kid|child"
                    + "|baby|brother|sister|mother|mom|mum|father|dad|grandmother|grandma|granny|grandfather|grandpa|aunt|uncle|cousin"
                    + "|nephew|niece|friend|best friend|boss|manager|colleague|coworker|roommate|flatmate|neighbou?r|dog|cat|puppy"
                    + "|kitten|pet|horse|rabbit|bunny|parrot|bird|hamster|fish|turtle))(?:,\\s*|\\s+)"
                    + "(?:(?i:is\\s+called|is\\s+named|named|called|whose\\s+name\\s+is)\\s+)?"
                    + "(\\p{Lu}\\p{Ll}[\\p{L}'’-]*(?:\\s+\\p{Lu}\\p{Ll}[\\p{L}'’-]*)?)");
    /** A product name: capitalized words and model numbers ("Fritzbox 7590", "iPhone 15 Pro", "Model S"). */
    private static final String PRODUCT = "(\\p{L}*\\p{Lu}[\\p{L}\\p{N}+-]*(?:\\s+(?:\\p{Lu}[\\p{L}\\p{N}+-]*|\\p{N}[\\p{L}\\p{N}+-]*)){0,3})";
    /** "I have a Fritzbox 7590", "we use an iPhone 15", "my router is a Fritzbox": something the user owns. */
    private static final Pattern OWNED = Pattern.compile(
            "(?<![\\p{L}])(?:(?i:i|we)\\s+(?i:have|own|use|bought|got|drive|ride|purchased)(?i:\\s+got)?"
                    + "|(?i:my|our)\\s+([\\p{L}-]+(?:\\s+[\\p{L}-]+)?)\\s+(?i:is|was))"
                    + "\\s+(?:(?i:a|an|the|my|our)\\s+)?(?:(?i:new|old|used|brand-new)\\s+)?" + PRODUCT + "(?![\\p{L}\\p{N}])");
    /** Descriptions that ask for the make or model of something (as terms, like the descriptions are compared). */
    private static final Set<String> MODEL_TERMS = TextAnalysis.CHAT.of("model brand make product device version type"
            + " kind manufacturer vendor");
    /** Descriptions that ask for an amount of money (as terms: "earnings" and "salaries" count too). */
    private static final Set<String> MONEY_TERMS = TextAnalysis.CHAT.of("amount price cost paid pay payment budget income"
            + " salary earn earning wage fee spend spent money rent charge total bill fare refund saving deposit balance euro"
            + " dollar pound currency revenue sum expense owe debt loan invoice");
    /** Descriptions that ask for a name: "the user's first name", "what the dog is called". */
    private static final Set<String> NAME_TERMS = TextAnalysis.CHAT.of("name named called");
    /** "the user's first name", "their full name": which part of a name, not what is named. */
    private static final Set<String> FIRST_OR_FULL = TextAnalysis.CHAT.of("first full");
    /** Descriptions that ask what the user likes. */
    private static final Set<String> PREFERENCE_TERMS = TextAnalysis.CHAT.of("favorite favourite prefer preference preferred"
            + " like love");
    /** Extra relevance of a number written with a currency when the field asks for money. */
    static final double CURRENCY_BONUS = 0.3;

    /** "I love sushi", "I prefer the window seat": a preference. */
    private static final Pattern PREFERENCE = Pattern.compile(
            "(?<![\\p{L}])(?i:i|we)\\s+(?i:really\\s+|absolutely\\s+|mostly\\s+)?(?i:love|like|prefer|enjoy|adore)\\s+" + PHRASE);
    /**
     * "The name of the user's dog", "the user's company's city": the field is about something the
     * user has, not the user, so the slots about the user (their name, home, job) do not apply.
     */
    private static final Pattern ABOUT_SOMETHING_OWNED = Pattern.compile(
            "(?i)\\b(?:of|for)\\s+(?:the\\s+)?(?:user's|user’s|users'|their|his|her|customer's)\\s+\\p{L}+"
                    + "|\\b(?:user's|user’s|their|his|her)\\s+\\p{L}+(?:'s|’s)\\s");
    private static final Pattern NUMBER_WORD = Pattern.compile("(?<![\\p{L}])(?i:(?:a\\s+)?(couple|dozen)|"
            + "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
            + "|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|hundred)(?![\\p{L}])");

    private final Embedder embedder;
    private final Map<String, float[]> meaningVectors = new ConcurrentHashMap<>();

    public LocalExtractor(Embedder embedder) {
        this.embedder = embedder;
    }

    /** A sentence of the conversation with where it came from. */
    record Sentence(String text, int turn, boolean user, float[] vector) {
    }

    /** A possible value, how relevant it is to the field and where it was said. */
    record Candidate(String value, Sentence sentence, double relevance, int start, int end) {
        Candidate(String value, Sentence sentence, double relevance) {
            this(value, sentence, relevance, -1, -1);
        }

        double score(int turns) {
            return relevance + (sentence.user() ? USER_BONUS : 0) + RECENCY_BONUS * (sentence.turn() + 1) / turns;
        }
    }

    @Override
    public Map<String, String> extract(List<Turn> recent, List<ExtractionField> fields, OffsetDateTime now) {
        List<Turn> turns = recent.stream().filter(t -> !List.of("system", "tool", "function").contains(t.roleType())).toList();
        List<String> texts = new ArrayList<>();
        List<int[]> origins = new ArrayList<>();
        for (int t = 0; t < turns.size(); t++) {
            for (String s : TextAnalysis.sentences(turns.get(t).content())) {
                texts.add(s);
                origins.add(new int[] {t});
            }
        }
        List<float[]> vectors = embedder.embedAll(texts);
        List<Sentence> sentences = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            int turn = origins.get(i)[0];
            sentences.add(new Sentence(texts.get(i), turn, turns.get(turn).isUser(), vectors.get(i)));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (ExtractionField field : fields) {
            float[] meaning = embedder.embed(field.meaning());
            List<Candidate> candidates = candidates(field, meaning, sentences, now);
            candidates.stream()
                    .max(java.util.Comparator.comparingDouble((Candidate c) -> c.score(turns.size())))
                    .ifPresent(best -> values.put(field.name(), best.value()));
        }
        return values;
    }

    private List<Candidate> candidates(ExtractionField field, float[] meaning, List<Sentence> sentences, OffsetDateTime now) {
        List<Candidate> found = new ArrayList<>();
        for (Sentence sentence : sentences) {
            switch (field.type()) {
                case ZepText -> textCandidates(field, meaning, sentence, found);
                case ZepEmail -> shaped(FieldValues.EMAIL, field, meaning, sentence, 0, List.of(), found);
                case ZepPhoneNumber -> shaped(FieldValues.PHONE, field, meaning, sentence, 0, masks(sentence, now, false), found);
                case ZepZipCode -> shaped(FieldValues.ZIP, field, meaning, sentence, 0, masks(sentence, now, false), found);
                case ZepRegex -> shaped(Pattern.compile(field.pattern()), field, meaning, sentence, 0, List.of(), found);
                case ZepNumber, ZepFloat -> {
                    List<int[]> masks = masks(sentence, now, true);
                    int before = found.size();
                    shaped(FieldValues.NUMBER, field, meaning, sentence, 0, masks, found);
                    shaped(NUMBER_WORD, field, meaning, sentence, 0, masks, found);
                    moneyFirst(field, sentence, found.subList(before, found.size()));
                }
                case ZepDate, ZepDateTime -> dateCandidates(field, meaning, sentence, now, found);
            }
        }
        // Only values of the field's type survive (e.g. "2.5" is no ZepNumber).
        List<Candidate> typed = new ArrayList<>();
        for (Candidate c : found) {
            FieldValues.normalize(field, c.value(), now).ifPresent(v -> typed.add(new Candidate(v, c.sentence(), c.relevance())));
        }
        return typed;
    }

    /**
     * When the field asks for money ("the amount paid", "monthly income"), a number written with a
     * currency ("49.90 euros", "$12") is the one meant, and with decimals more likely a price than
     * a count; numbers still below {@link #NUMBER_THRESHOLD} afterwards are dropped.
     */
    private static void moneyFirst(ExtractionField field, Sentence sentence, List<Candidate> numbers) {
        boolean money = asksForMoney(field.meaning());
        List<Candidate> kept = new ArrayList<>();
        for (Candidate c : numbers) {
            double relevance = c.relevance();
            if (money && c.start() >= 0 && hasCurrency(sentence.text(), c.start(), c.end())) {
                relevance += CURRENCY_BONUS + (c.value().contains(".") && field.type() == ZepType.ZepFloat ? 0.05 : 0);
            }
            if (relevance >= NUMBER_THRESHOLD) {
                kept.add(new Candidate(c.value(), c.sentence(), relevance, c.start(), c.end()));
            }
        }
        numbers.clear();
        numbers.addAll(kept);
    }

    static boolean asksForMoney(String meaning) {
        return TextAnalysis.CHAT.of(meaning).stream().anyMatch(MONEY_TERMS::contains);
    }

    /** A currency symbol or word right before ("$12", "EUR 10") or right after ("12 euros", "12€") the number. */
    static boolean hasCurrency(String text, int start, int end) {
        String before = text.substring(Math.max(0, start - 5), start);
        String after = text.substring(end, Math.min(text.length(), end + 9));
        Matcher b = FieldValues.CURRENCY.matcher(before);
        boolean found = false;
        while (b.find()) {
            found = before.substring(b.end()).isBlank();
        }
        if (found) {
            return true;
        }
        Matcher a = FieldValues.CURRENCY.matcher(after);
        return a.find() && after.substring(0, a.start()).isBlank();
    }

    /** Spans that hold dates, times, e-mails or phone numbers: their digits are not numbers or ZIP codes. */
    private static List<int[]> masks(Sentence sentence, OffsetDateTime now, boolean withPhones) {
        List<int[]> spans = new ArrayList<>();
        DateMentions.dates(sentence.text(), now.toLocalDate()).forEach(d -> spans.add(new int[] {d.start(), d.end()}));
        DateMentions.times(sentence.text()).forEach(t -> spans.add(new int[] {t.start(), t.end()}));
        addAll(FieldValues.EMAIL, sentence.text(), spans);
        if (withPhones) {
            Matcher phone = FieldValues.PHONE.matcher(sentence.text());
            while (phone.find()) {
                if (phone.group().replaceAll("\\D", "").length() >= 7) {
                    spans.add(new int[] {phone.start(), phone.end()});
                }
            }
        }
        return spans;
    }

    private static void addAll(Pattern pattern, String text, List<int[]> spans) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
    }

    /** Values recognised by their shape; relevance from the sentence and the words right around the value. */
    private void shaped(Pattern shape, ExtractionField field, float[] meaning, Sentence sentence, double threshold,
                        List<int[]> masks, List<Candidate> found) {
        Matcher m = shape.matcher(sentence.text());
        while (m.find()) {
            int start = m.start();
            int end = m.end();
            if (masks.stream().anyMatch(s -> start < s[1] && s[0] < end)) {
                continue;
            }
            double relevance = relevance(field, meaning, sentence, start, end);
            if (relevance >= threshold) {
                found.add(new Candidate(m.group(), sentence, relevance, start, end));
            }
        }
    }

    /**
     * How well a value at {@code start..end} fits the field: the description compared with the
     * whole sentence and with the few words around the value (by meaning and by shared words),
     * so "trip to Porto next Friday" beats "pick me up tomorrow" for "the travel date".
     */
    private double relevance(ExtractionField field, float[] meaning, Sentence sentence, int start, int end) {
        // The value itself is left out of the window: every date looks like "a date", what tells
        // "the travel date" apart is the words around it ("trip to Porto … for 3 nights").
        String text = sentence.text();
        String window = around(text.substring(0, start) + " " + text.substring(end), start, start + 1, 4);
        return 0.3 * Vectors.cosine(meaning, sentence.vector())
                + 0.3 * Vectors.cosine(meaning, embedder.embed(window))
                + 0.4 * TextAnalysis.CHAT.overlap(field.meaning(), window);
    }

    private void dateCandidates(ExtractionField field, float[] meaning, Sentence sentence, OffsetDateTime now,
                                List<Candidate> found) {
        List<DateMentions.TimeMention> times = DateMentions.times(sentence.text());
        for (DateMentions.DateMention date : DateMentions.dates(sentence.text(), now.toLocalDate())) {
            double relevance = relevance(field, meaning, sentence, date.start(), date.end());
            String value;
            if (field.type() == ZepType.ZepDate) {
                value = date.date().toString();
            } else {
                LocalTime time = date.time() != null ? date.time() : times.stream()
                        .min(java.util.Comparator.comparingInt(t -> Math.abs(t.start() - date.end())))
                        .map(DateMentions.TimeMention::time).orElse(LocalTime.MIDNIGHT);
                value = FieldValues.format(date.date().atTime(time).atOffset(date.offset() != null ? date.offset() : now.getOffset()));
            }
            found.add(new Candidate(value, sentence, relevance));
        }
    }

    private void textCandidates(ExtractionField field, float[] meaning, Sentence sentence, List<Candidate> found) {
        String text = sentence.text();
        if (!ABOUT_SOMETHING_OWNED.matcher(field.meaning()).find()) {
            slotCandidates(meaning, field, sentence, found);
        }
        genericCandidates(field, meaning, sentence, found);
        found.removeIf(c -> c.relevance() < TEXT_THRESHOLD);
    }

    private void slotCandidates(float[] meaning, ExtractionField field, Sentence sentence, List<Candidate> found) {
        String text = sentence.text();
        double[] slotRelevance = SLOTS.stream().mapToDouble(slot -> slot.meanings().stream()
                .mapToDouble(m -> Vectors.cosine(meaning, meaningVector(m))).max().orElse(0)).toArray();
        double bestSlot = java.util.Arrays.stream(slotRelevance).max().orElse(0);
        for (int s = 0; s < SLOTS.size(); s++) {
            // Only the slot(s) the description is closest to: "the company the user works for" is
            // also near "what the user does for work", but it asks for the employer.
            if (slotRelevance[s] < bestSlot - SLOT_MARGIN) {
                continue;
            }
            Slot slot = SLOTS.get(s);
            double relevance = slotRelevance[s];
            for (Pattern cue : slot.cues()) {
                Matcher m = cue.matcher(text);
                while (m.find()) {
                    String value = trimValue(m.group(1));
                    if (!value.isEmpty()) {
                        found.add(new Candidate(part(field, value), sentence, relevance));
                    }
                }
            }
        }
    }

    private void genericCandidates(ExtractionField field, float[] meaning, Sentence sentence, List<Candidate> found) {
        String text = sentence.text();
        Set<String> wanted = TextAnalysis.CHAT.of(field.meaning());
        boolean asksForName = wanted.stream().anyMatch(NAME_TERMS::contains);
        Matcher my = MY_X_IS_Y.matcher(text);
        while (my.find()) {
            String what = my.group(1);
            if (what.matches(".*\\s\\p{Lu}.*")) {
                // "my wife Grace is a teacher": what follows "is" describes Grace, not her name.
                if (asksForName) {
                    continue;
                }
                what = what.replaceAll("\\s+\\p{Lu}.*$", "");
            }
            // Compared without "the user's", which every description shares and which would make
            // "the user's number" look like "the user's first name".
            double relevance = Math.max(Vectors.cosine(embedder.embed(core(field.meaning())), embedder.embed(what)),
                    TextAnalysis.CHAT.overlap(what, field.meaning()) >= 0.99 ? 0.8 : 0);
            addIfRelevant(found, field, trimValue(my.group(2)), sentence, relevance);
        }
        Matcher relative = RELATIVE_NAMED.matcher(text);
        while (relative.find()) {
            // "the name of the user's wife" or just "the user's wife": her name.
            Set<String> who = TextAnalysis.CHAT.of(relative.group(1).replaceFirst("(?i)^best\\s+", ""));
            Set<String> rest = new java.util.HashSet<>(wanted);
            rest.removeAll(who);
            rest.removeAll(NAME_TERMS);
            rest.removeAll(FIRST_OR_FULL);
            if (!who.isEmpty() && wanted.containsAll(who) && (asksForName || rest.isEmpty())) {
                addIfRelevant(found, field, relative.group(2), sentence, 0.85);
            }
        }
        if (wanted.stream().anyMatch(MODEL_TERMS::contains)) {
            Matcher owned = OWNED.matcher(text);
            while (owned.find()) {
                String value = trimValue(owned.group(2));
                if (value.isEmpty() || NOT_PRODUCTS.contains(value.split("\\s+")[0].toLowerCase(Locale.ROOT))) {
                    continue;
                }
                // "my router is a Fritzbox": the thing named matches the field; a model number makes it a product.
                double relevance = 0.5 + (value.matches(".*\\p{N}.*") ? 0.1 : 0)
                        + (owned.group(1) != null && !java.util.Collections.disjoint(wanted, TextAnalysis.CHAT.of(owned.group(1))) ? 0.2 : 0)
                        + 0.2 * Vectors.cosine(embedder.embed(core(field.meaning())), embedder.embed(value));
                addIfRelevant(found, field, value, sentence, relevance);
            }
        }
        Matcher preference = PREFERENCE.matcher(text);
        while (preference.find()) {
            String value = trimValue(preference.group(1));
            boolean asksForPreference = wanted.stream().anyMatch(PREFERENCE_TERMS::contains);
            double relevance = asksForPreference ? 0.3 + 0.5 * Vectors.cosine(meaning, embedder.embed("the user's favorite " + value)) : 0;
            addIfRelevant(found, field, value, sentence, relevance);
        }
    }

    /** Capitalized words after "I have a" that are no product: "I have a Question", "I have a lot". */
    private static final Set<String> NOT_PRODUCTS = Set.of("i", "question", "problem", "lot", "few", "little", "bit", "couple");

    private void addIfRelevant(List<Candidate> found, ExtractionField field, String value, Sentence sentence, double relevance) {
        if (!value.isEmpty() && relevance >= TEXT_THRESHOLD) {
            found.add(new Candidate(part(field, value), sentence, relevance));
        }
    }

    /** The description without its function words: "The name of the user's dog" → "name dog". */
    private static String core(String meaning) {
        String words = String.join(" ", TextAnalysis.CHAT.words(meaning));
        return words.isEmpty() ? meaning : words;
    }

    /** "first name" / "last name" ask for a part of a full name. */
    private static String part(ExtractionField field, String value) {
        String meaning = field.meaning().toLowerCase(Locale.ROOT);
        String[] words = value.split("\\s+");
        if (words.length > 1 && (meaning.contains("first name") || meaning.contains("given name"))) {
            return words[0];
        }
        if (words.length > 1 && (meaning.contains("last name") || meaning.contains("surname") || meaning.contains("family name"))) {
            return words[words.length - 1];
        }
        return value;
    }

    private static String trimValue(String value) {
        return value == null ? "" : value.strip().replaceAll("^(?i:the|a|an)\\s+(?=\\p{Ll})", "").replaceAll("[\\s,.;:!?]+$", "");
    }

    private float[] meaningVector(String text) {
        return meaningVectors.computeIfAbsent(text, embedder::embed);
    }

    /** The text from {@code words} words before a span to {@code words} words after it. */
    static String around(String text, int start, int end, int words) {
        int from = start;
        for (int seen = 0; from > 0 && seen <= words; from--) {
            if (Character.isWhitespace(text.charAt(from - 1)) && from - 1 > 0 && !Character.isWhitespace(text.charAt(from - 2))) {
                seen++;
            }
        }
        int to = end;
        for (int seen = 0; to < text.length() && seen <= words; to++) {
            if (Character.isWhitespace(text.charAt(to)) && to + 1 < text.length() && !Character.isWhitespace(text.charAt(to + 1))) {
                seen++;
            }
        }
        return text.substring(Math.max(0, from), Math.min(text.length(), to));
    }
}
