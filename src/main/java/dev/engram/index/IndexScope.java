package dev.engram.index;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which records a search may return. Null parts do not restrict.
 *
 * @param kind       messages, summaries or facts
 * @param userPk     the user's records only (messages and summaries through their session)
 * @param sessionPks records of these sessions only (empty: none)
 * @param from       created at or after (inclusive)
 * @param to         created at or before (inclusive)
 * @param minRating  facts rated at least this (unrated facts are left out)
 * @param metadata   a test of the record's metadata ({@code {}} when it has none)
 * @param validOnly  facts that still hold only (no {@code invalid_at}); other kinds are always valid
 */
public record IndexScope(RecordKind kind, Long userPk, List<Long> sessionPks, OffsetDateTime from, OffsetDateTime to,
                         Double minRating, Predicate<Map<String, Object>> metadata, boolean validOnly) {

    public IndexScope(RecordKind kind, Long userPk, List<Long> sessionPks, OffsetDateTime from, OffsetDateTime to,
                      Double minRating, Predicate<Map<String, Object>> metadata) {
        this(kind, userPk, sessionPks, from, to, minRating, metadata, false);
    }

    /** A user's facts that still hold, rated at least {@code minRating} when it is given. */
    public static IndexScope validFactsOf(long userPk, Double minRating) {
        return new IndexScope(RecordKind.FACT, userPk, null, null, null, minRating, null, true);
    }
}
