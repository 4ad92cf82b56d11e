package dev.engram.extract;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds dates and times written in English chat text and resolves them against a reference
 * day: absolute ("2024-03-05", "March 5th, 2024", "5 March", "3/5/2024" — month first unless
 * impossible) and relative ("today", "tomorrow", "the day after tomorrow", "yesterday",
 * "next Friday", "on Friday", "last Monday", "in 3 days", "two weeks ago", "next month").
 * Without a year a month-day date falls in the reference year. A bare or "next" weekday is the
 * first such day after the reference day; "this Friday" on a Friday is that day.
 */
public final class DateMentions {

    /** A date found in the text, where it was, and the explicit offset when the text gave one. */
    public record DateMention(int start, int end, LocalDate date, LocalTime time, ZoneOffset offset) {
    }

    /** A time of day found in the text. */
    public record TimeMention(int start, int end, LocalTime time) {
    }

    private static final String MONTH = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
            + "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
    private static final String WEEKDAY = "(monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
    private static final String COUNT = "(\\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)";
    private static final String UNIT = "(day|week|month|year)s?";

    private static final Pattern ISO_DATE_TIME = Pattern.compile(
            "\\b(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)(Z|[+-]\\d{2}:?\\d{2})?", Pattern.CASE_INSENSITIVE);
    private static final Pattern ISO_DATE = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");
    private static final Pattern SLASH_DATE = Pattern.compile("\\b(\\d{1,2})/(\\d{1,2})/(\\d{4}|\\d{2})\\b");
    private static final Pattern MONTH_DAY = Pattern.compile(
            "\\b" + MONTH + "\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DAY_MONTH = Pattern.compile(
            "\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTH + "\\b\\.?(?:,?\\s+(\\d{4})\\b)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAMED_DAY = Pattern.compile(
            "\\b(?:the\\s+)?(day\\s+after\\s+tomorrow|day\\s+before\\s+yesterday|today|tonight|tomorrow|yesterday)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern WEEKDAY_REF = Pattern.compile(
            "\\b(?:(next|this|last|coming|on)\\s+)?" + WEEKDAY + "\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern IN_COUNT = Pattern.compile(
            "\\b(?:in\\s+" + COUNT + "\\s+" + UNIT + "|" + COUNT + "\\s+" + UNIT + "\\s+from\\s+(?:now|today))\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern AGO = Pattern.compile("\\b" + COUNT + "\\s+" + UNIT + "\\s+ago\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NEXT_UNIT = Pattern.compile("\\b(next|last)\\s+(week|month|year)\\b", Pattern.CASE_INSENSITIVE);

    private static final Pattern TIME_12H = Pattern.compile(
            "\\b(\\d{1,2})(?::([0-5]\\d))?\\s*(a\\.?m\\.?|p\\.?m\\.?)(?=$|[^\\p{L}])", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME_24H = Pattern.compile("\\b([01]?\\d|2[0-3]):([0-5]\\d)\\b");
    private static final Pattern TIME_WORD = Pattern.compile("\\b(noon|midday|midnight)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME_AT = Pattern.compile("\\bat\\s+([01]?\\d|2[0-3])\\b(?!\\s*(?:[:./]|%|days?|weeks?|years?|months?|people|percent))",
            Pattern.CASE_INSENSITIVE);

    private static final Map<String, Integer> NUMBER_WORDS = Map.ofEntries(Map.entry("a", 1), Map.entry("an", 1),
            Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5),
            Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
            Map.entry("eleven", 11), Map.entry("twelve", 12));

    private DateMentions() {
    }

    /** Every date in {@code text}, in order of appearance; overlapping readings keep the longest. */
    public static List<DateMention> dates(String text, LocalDate today) {
        List<DateMention> found = new ArrayList<>();
        scan(found, ISO_DATE_TIME, text, m -> {
            LocalDate date = LocalDate.parse(m.group(1));
            LocalTime time = LocalTime.parse(m.group(2));
            ZoneOffset offset = m.group(3) == null ? null : ZoneOffset.of(m.group(3).equalsIgnoreCase("z") ? "Z"
                    : m.group(3).length() == 5 ? m.group(3).substring(0, 3) + ":" + m.group(3).substring(3) : m.group(3));
            return new DateMention(m.start(), m.end(), date, time, offset);
        });
        scan(found, ISO_DATE, text, m -> at(m, LocalDate.of(i(m, 1), i(m, 2), i(m, 3))));
        scan(found, SLASH_DATE, text, m -> {
            int first = i(m, 1);
            int second = i(m, 2);
            int year = i(m, 3) < 100 ? 2000 + i(m, 3) : i(m, 3);
            return first > 12 ? at(m, LocalDate.of(year, second, first)) : at(m, LocalDate.of(year, first, second));
        });
        scan(found, MONTH_DAY, text, m -> at(m, LocalDate.of(m.group(3) != null ? i(m, 3) : today.getYear(), month(m.group(1)), i(m, 2))));
        scan(found, DAY_MONTH, text, m -> at(m, LocalDate.of(m.group(3) != null ? i(m, 3) : today.getYear(), month(m.group(2)), i(m, 1))));
        scan(found, NAMED_DAY, text, m -> {
            String word = m.group(1).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
            return at(m, switch (word) {
                case "day after tomorrow" -> today.plusDays(2);
                case "day before yesterday" -> today.minusDays(2);
                case "tomorrow" -> today.plusDays(1);
                case "yesterday" -> today.minusDays(1);
                default -> today;
            });
        });
        scan(found, WEEKDAY_REF, text, m -> {
            DayOfWeek day = DayOfWeek.valueOf(m.group(2).toUpperCase(Locale.ROOT));
            String modifier = m.group(1) == null ? "" : m.group(1).toLowerCase(Locale.ROOT);
            LocalDate date = switch (modifier) {
                case "last" -> today.with(TemporalAdjusters.previous(day));
                case "this" -> today.with(TemporalAdjusters.nextOrSame(day));
                default -> today.with(TemporalAdjusters.next(day));
            };
            return at(m, date);
        });
        scan(found, IN_COUNT, text, m -> m.group(1) != null
                ? at(m, shift(today, count(m.group(1)), m.group(2)))
                : at(m, shift(today, count(m.group(3)), m.group(4))));
        scan(found, AGO, text, m -> at(m, shift(today, -count(m.group(1)), m.group(2))));
        scan(found, NEXT_UNIT, text, m -> at(m, shift(today, m.group(1).equalsIgnoreCase("next") ? 1 : -1, m.group(2))));
        return longestFirstWithoutOverlaps(found, DateMention::start, DateMention::end);
    }

    /** Every time of day in {@code text}, in order of appearance. */
    public static List<TimeMention> times(String text) {
        List<TimeMention> found = new ArrayList<>();
        scan(found, TIME_12H, text, m -> {
            int hour = i(m, 1);
            if (hour < 1 || hour > 12) {
                return null;
            }
            boolean pm = m.group(3).toLowerCase(Locale.ROOT).startsWith("p");
            int h24 = hour % 12 + (pm ? 12 : 0);
            return new TimeMention(m.start(), m.end(), LocalTime.of(h24, m.group(2) == null ? 0 : i(m, 2)));
        });
        scan(found, TIME_24H, text, m -> new TimeMention(m.start(), m.end(), LocalTime.of(i(m, 1), i(m, 2))));
        scan(found, TIME_WORD, text, m -> new TimeMention(m.start(), m.end(),
                m.group(1).equalsIgnoreCase("midnight") ? LocalTime.MIDNIGHT : LocalTime.NOON));
        scan(found, TIME_AT, text, m -> new TimeMention(m.start(), m.end(), LocalTime.of(i(m, 1), 0)));
        return longestFirstWithoutOverlaps(found, TimeMention::start, TimeMention::end);
    }

    private static <T> void scan(List<T> found, Pattern pattern, String text, Function<Matcher, T> reading) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            try {
                T value = reading.apply(m);
                if (value != null) {
                    found.add(value);
                }
            } catch (DateTimeException | NumberFormatException notADate) {
                // "February 30" and friends are not dates; keep looking.
            }
        }
    }

    private static <T> List<T> longestFirstWithoutOverlaps(List<T> found, Function<T, Integer> start, Function<T, Integer> end) {
        List<T> byLength = new ArrayList<>(found);
        byLength.sort(Comparator.<T>comparingInt(t -> end.apply(t) - start.apply(t)).reversed()
                .thenComparingInt(start::apply));
        List<T> kept = new ArrayList<>();
        for (T candidate : byLength) {
            boolean overlaps = kept.stream().anyMatch(k -> start.apply(candidate) < end.apply(k) && start.apply(k) < end.apply(candidate));
            if (!overlaps) {
                kept.add(candidate);
            }
        }
        kept.sort(Comparator.comparingInt(start::apply));
        return kept;
    }

    private static DateMention at(Matcher m, LocalDate date) {
        return new DateMention(m.start(), m.end(), date, null, null);
    }

    private static int i(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static int count(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return NUMBER_WORDS.containsKey(w) ? NUMBER_WORDS.get(w) : Integer.parseInt(w);
    }

    private static LocalDate shift(LocalDate today, int amount, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "week" -> today.plusWeeks(amount);
            case "month" -> today.plusMonths(amount);
            case "year" -> today.plusYears(amount);
            default -> today.plusDays(amount);
        };
    }

    private static int month(String name) {
        String prefix = name.toLowerCase(Locale.ROOT).substring(0, 3);
        return List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec").indexOf(prefix) + 1;
    }
}
