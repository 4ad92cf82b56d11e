package dev.engram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** RFC 3339 timestamps as the contract promises them: parseable, with an explicit UTC offset. */
final class Timestamps {

    private Timestamps() {
    }

    /** Parses an RFC 3339 date-time (fails the test on anything else). */
    static OffsetDateTime parse(String value) {
        if (value == null || !value.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})")) {
            throw new AssertionError("not an RFC 3339 date-time: " + value);
        }
        return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** Parses and asserts that the value is in UTC. */
    static OffsetDateTime parseUtc(String value) {
        OffsetDateTime time = parse(value);
        assertEquals(ZoneOffset.UTC, time.getOffset(), () -> "not UTC: " + value);
        return time;
    }
}
