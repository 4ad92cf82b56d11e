package dev.engram.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's notion of "now". Timestamps are truncated to microseconds because that is what
 * both H2 and PostgreSQL store, so a value read back equals the value written.
 * <p>
 * In mock mode the clock can be fixed (see {@code dev.engram.mock.Determinism}): it then starts
 * at a given instant and advances by a fixed step per reading, so the same calls produce the
 * same timestamps and creation order stays visible in them.
 */
@ApplicationScoped
public class Clock {

    /** A fixed clock: reading {@code n} (0-based) answers {@code start + n * step}. */
    private record Fixed(Instant start, long stepMicros, AtomicLong readings) {
    }

    private volatile Fixed fixed;

    public OffsetDateTime now() {
        Fixed f = fixed;
        if (f == null) {
            return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        }
        long n = f.readings().getAndIncrement();
        return OffsetDateTime.ofInstant(f.start().plus(n * f.stepMicros(), ChronoUnit.MICROS), ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.MICROS);
    }

    /** From now on (and until {@link #useSystemTime()}) answer {@code start}, {@code start + step}, ... */
    public void fix(Instant start, Duration step) {
        fixed = new Fixed(start, step.toNanos() / 1000, new AtomicLong());
    }

    public void useSystemTime() {
        fixed = null;
    }

    public boolean isFixed() {
        return fixed != null;
    }

    public static OffsetDateTime normalize(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
