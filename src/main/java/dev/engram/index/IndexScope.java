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
 */
public record IndexScope(RecordKind kind, Long userPk, List<Long> sessionPks, OffsetDateTime from, OffsetDateTime to,
                         Double minRating, Predicate<Map<String, Object>> metadata) {
}
