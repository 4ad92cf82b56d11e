package dev.engram.search;

import dev.engram.common.ApiException;
import dev.engram.index.SqlMetadataTest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A search's metadata filter — {@code metadata} of a session search, {@code record_filter} of
 * a search across sessions — in Zep's format:
 * <pre>
 * {"where": {"jsonpath": "$[*] ? (@.topic == \"travel\")"},
 *  "start_date": "2024-01-01", "end_date": "2024-12-31T23:00:00Z"}
 * </pre>
 * {@code where} is one clause: {@code {"jsonpath": "..."}} (see {@link JsonPath}), or
 * {@code {"and": [clause, ...]}} / {@code {"or": [clause, ...]}}, nested freely. Clauses are
 * tested against the record's metadata object ({@code {}} when it has none). The dates bound
 * {@code created_at}, both inclusive; a date without a time means the whole day in UTC.
 * Anything else in the filter is refused (400): a misspelt filter must not silently return
 * unfiltered results.
 */
public record RecordFilter(Predicate<Object> where, OffsetDateTime startDate, OffsetDateTime endDate) {

    private static final Set<String> KEYS = Set.of("where", "start_date", "end_date");

    public static final RecordFilter NONE = new RecordFilter(null, null, null);

    public boolean isEmpty() {
        return where == null && startDate == null && endDate == null;
    }

    public boolean hasWhere() {
        return where != null;
    }

    /** Whether a record's metadata (parsed JSON, may be null) passes the {@code where} clause. */
    public boolean matchesMetadata(Map<String, Object> metadata) {
        return where == null || where.test(metadata == null ? Map.of() : metadata);
    }

    /** The {@code where} clause as a test an index can run itself (null: none). */
    public SqlMetadataTest metadataTest() {
        if (where == null) {
            return null;
        }
        return new SqlMetadataTest() {
            @Override
            public boolean test(Map<String, Object> metadata) {
                return matchesMetadata(metadata);
            }

            @Override
            public String sql(String jsonb, List<Object> parameters) {
                return where instanceof Clause clause ? clause.sql(jsonb, parameters) : null;
            }
        };
    }

    /** A {@code where} clause: JSONPath expressions joined by and / or, also sayable in SQL. */
    private interface Clause extends Predicate<Object> {
        /** See {@link SqlMetadataTest#sql}; null when a part cannot be said. */
        String sql(String jsonb, List<Object> parameters);
    }

    private record PathClause(JsonPath path) implements Clause {
        @Override
        public boolean test(Object document) {
            return path.test(document);
        }

        @Override
        public String sql(String jsonb, List<Object> parameters) {
            return path.sql(jsonb, parameters);
        }
    }

    private record Junction(boolean all, List<Clause> clauses) implements Clause {
        @Override
        public boolean test(Object document) {
            return all ? clauses.stream().allMatch(c -> c.test(document)) : clauses.stream().anyMatch(c -> c.test(document));
        }

        @Override
        public String sql(String jsonb, List<Object> parameters) {
            List<Object> mine = new ArrayList<>();
            List<String> parts = new ArrayList<>();
            for (Clause clause : clauses) {
                String part = clause.sql(jsonb, mine);
                if (part == null) {
                    return null;
                }
                parts.add(part);
            }
            parameters.addAll(mine);
            return "(" + String.join(all ? " AND " : " OR ", parts) + ")";
        }
    }

    /** Parses the filter object; {@code field} names it in error messages. Null or {} → {@link #NONE}. */
    public static RecordFilter parse(Map<String, Object> filter, String field) {
        if (filter == null || filter.isEmpty()) {
            return NONE;
        }
        for (String key : filter.keySet()) {
            if (!KEYS.contains(key)) {
                throw ApiException.badRequest(field + ": unknown key '" + key + "' (allowed: where, start_date, end_date)");
            }
        }
        Predicate<Object> where = filter.get("where") == null ? null : clause(filter.get("where"), field + ".where");
        OffsetDateTime start = date(filter.get("start_date"), field + ".start_date", false);
        OffsetDateTime end = date(filter.get("end_date"), field + ".end_date", true);
        if (start != null && end != null && start.isAfter(end)) {
            throw ApiException.badRequest(field + ": start_date is after end_date");
        }
        return new RecordFilter(where, start, end);
    }

    private static Clause clause(Object value, String at) {
        if (!(value instanceof Map<?, ?> map) || map.size() != 1) {
            throw ApiException.badRequest(at + " must be an object with exactly one of jsonpath, and, or");
        }
        Map.Entry<?, ?> entry = map.entrySet().iterator().next();
        String kind = String.valueOf(entry.getKey());
        Object body = entry.getValue();
        switch (kind) {
            case "jsonpath" -> {
                if (!(body instanceof String expression)) {
                    throw ApiException.badRequest(at + ".jsonpath must be a string");
                }
                try {
                    return new PathClause(JsonPath.compile(expression));
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest(at + ".jsonpath: " + e.getMessage());
                }
            }
            case "and", "or" -> {
                if (!(body instanceof List<?> items) || items.isEmpty()) {
                    throw ApiException.badRequest(at + "." + kind + " must be a non-empty array of clauses");
                }
                List<Clause> clauses = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    clauses.add(clause(items.get(i), at + "." + kind + "[" + i + "]"));
                }
                return new Junction(kind.equals("and"), clauses);
            }
            default -> throw ApiException.badRequest(at + ": unknown clause '" + kind + "' (allowed: jsonpath, and, or)");
        }
    }

    /** RFC 3339 timestamp, or a plain date: its first instant (start) or its last (end), in UTC. */
    private static OffsetDateTime date(Object value, String at, boolean endOfDay) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw ApiException.badRequest(at + " must be an RFC 3339 timestamp or a date (YYYY-MM-DD)");
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException notATimestamp) {
            try {
                LocalDate day = LocalDate.parse(text);
                return endOfDay
                        ? day.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC).minusNanos(1000)
                        : day.atStartOfDay().atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException notADate) {
                throw ApiException.badRequest(at + " must be an RFC 3339 timestamp or a date (YYYY-MM-DD): " + text);
            }
        }
    }
}
