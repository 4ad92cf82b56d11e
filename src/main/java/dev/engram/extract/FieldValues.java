package dev.engram.extract;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wire form of every extracted value, whoever found it: plain strings the SDKs can parse —
 * dates {@code YYYY-MM-DD}, date-times RFC 3339, integers without separators, e-mails and phone
 * numbers as written. A value that is not of its field's type is dropped (the field is then
 * omitted), so an LLM answer cannot smuggle "unknown" into a number field.
 */
public final class FieldValues {

    public static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    /** Seven or more digits, optionally grouped by spaces, dots, dashes or parentheses, with an optional "+". */
    public static final Pattern PHONE = Pattern.compile("(?<![\\w+])\\+?\\(?\\d[\\d\\s().-]{5,}\\d(?![\\w])");
    /**
     * US ZIP (12345, 12345-6789) and the Portuguese/Polish-like 1234-567, UK and Canadian
     * postal code shapes. Bare four-digit codes are left out: they are mostly years and PINs.
     */
    public static final Pattern ZIP = Pattern.compile("(?<![\\w-])(?:\\d{5}(?:-\\d{4})?|\\d{4}-\\d{3}|\\d{2}-\\d{3}|[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2}|[A-Z]\\d[A-Z]\\s?\\d[A-Z]\\d)(?![\\w-])");
    /**
     * A number on its own: never the digits of a code such as "INV-20931" or "A-12" (a letter
     * and a dash right before it).
     */
    public static final Pattern NUMBER = Pattern.compile("(?<![\\w.])(?<!\\p{L}[-/])[-+]?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?(?![\\w])"
            + "|(?<![\\w.])(?<!\\p{L}[-/])[-+]?\\d+(?:\\.\\d+)?(?![\\w])");
    /** A currency written next to an amount: "49.90 euros", "$12", "3400 pounds", "EUR 10". */
    public static final Pattern CURRENCY = Pattern.compile("(?i)[$€£¥₹]|\\b(?:euros?|eur|dollars?|usd|bucks|pounds?|gbp|quid"
            + "|francs?|chf|yen|jpy|yuan|rmb|cny|rupees?|inr|kronas?|kronor|kroner|sek|nok|dkk|zloty|pln|reais|brl|pesos?"
            + "|cents?|pence)\\b");

    static final Map<String, Integer> NUMBER_WORDS = Map.ofEntries(Map.entry("zero", 0), Map.entry("one", 1),
            Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
            Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
            Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("thirteen", 13), Map.entry("fourteen", 14),
            Map.entry("fifteen", 15), Map.entry("sixteen", 16), Map.entry("seventeen", 17), Map.entry("eighteen", 18),
            Map.entry("nineteen", 19), Map.entry("twenty", 20), Map.entry("thirty", 30), Map.entry("forty", 40),
            Map.entry("fifty", 50), Map.entry("hundred", 100), Map.entry("dozen", 12), Map.entry("couple", 2));

    private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private FieldValues() {
    }

    /** The value in its wire form, or empty when it is not a value of the field's type. */
    public static Optional<String> normalize(ExtractionField field, String raw, OffsetDateTime now) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String value = raw.strip();
        return switch (field.type()) {
            case ZepText -> text(value);
            case ZepEmail -> find(EMAIL, value);
            case ZepPhoneNumber -> find(PHONE, value).filter(p -> p.replaceAll("\\D", "").length() >= 7).map(String::strip);
            case ZepZipCode -> find(ZIP, value.toUpperCase(Locale.ROOT));
            case ZepRegex -> find(Pattern.compile(field.pattern()), value);
            case ZepNumber -> number(value).filter(n -> n.stripTrailingZeros().scale() <= 0)
                    .map(n -> n.setScale(0).toPlainString());
            case ZepFloat -> number(value).map(n -> n.stripTrailingZeros().scale() <= 0
                    ? n.setScale(0).toPlainString() : n.stripTrailingZeros().toPlainString());
            case ZepDate -> date(value, now);
            case ZepDateTime -> dateTime(value, now);
        };
    }

    private static Optional<String> text(String value) {
        String cleaned = value.replaceAll("\\s+", " ").replaceAll("^[\"'“‘]+|[\"'”’.,;:!?]+$", "").strip();
        if (cleaned.isEmpty() || List.of("null", "none", "unknown", "n/a").contains(cleaned.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(cleaned);
    }

    private static Optional<String> find(Pattern pattern, String value) {
        Matcher m = pattern.matcher(value);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    static Optional<BigDecimal> number(String value) {
        Matcher m = NUMBER.matcher(value);
        if (m.find()) {
            return Optional.of(new BigDecimal(m.group().replace(",", "").replace("+", "")));
        }
        Integer word = NUMBER_WORDS.get(value.toLowerCase(Locale.ROOT).replaceAll("^(a|an)\\s+", "").strip());
        return Optional.ofNullable(word).map(BigDecimal::valueOf);
    }

    private static Optional<String> date(String value, OffsetDateTime now) {
        return DateMentions.dates(value, now.toLocalDate()).stream().findFirst()
                .map(d -> d.date().format(DateTimeFormatter.ISO_LOCAL_DATE));
    }

    private static Optional<String> dateTime(String value, OffsetDateTime now) {
        try {
            return Optional.of(format(OffsetDateTime.parse(value)));
        } catch (DateTimeParseException notOffset) {
            // fall through to the readings below
        }
        try {
            return Optional.of(format(LocalDateTime.parse(value).atOffset(now.getOffset())));
        } catch (DateTimeParseException notLocal) {
            // fall through
        }
        var date = DateMentions.dates(value, now.toLocalDate()).stream().findFirst();
        if (date.isEmpty()) {
            return Optional.empty();
        }
        LocalTime time = date.get().time() != null ? date.get().time()
                : DateMentions.times(value).stream().findFirst().map(DateMentions.TimeMention::time).orElse(LocalTime.MIDNIGHT);
        ZoneOffset offset = date.get().offset() != null ? date.get().offset() : now.getOffset();
        return Optional.of(format(date.get().date().atTime(time).atOffset(offset)));
    }

    /** RFC 3339 with seconds and the offset ("Z" for UTC). */
    public static String format(OffsetDateTime time) {
        return time.format(RFC_3339);
    }
}
