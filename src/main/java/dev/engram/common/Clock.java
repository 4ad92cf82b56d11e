package dev.engram.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The server's notion of "now". Timestamps are truncated to microseconds because that is what
 * both H2 and PostgreSQL store, so a value read back equals the value written.
 */
@ApplicationScoped
public class Clock {

    public OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    public static OffsetDateTime normalize(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
