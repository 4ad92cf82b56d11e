package dev.engram.mock;

import dev.engram.common.ApiException;
import dev.engram.common.Clock;
import dev.engram.common.EngramConfig;
import dev.engram.common.Installation;
import dev.engram.common.UuidSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Mock mode's deterministic switch: a fixed clock (a start instant advancing a fixed step per
 * reading) and seeded UUIDs, so the same calls give byte-identical responses and users can
 * snapshot them. {@link #restart()} (called by every reset) starts both sequences over.
 */
@ApplicationScoped
public class Determinism {

    public record Settings(boolean enabled, long seed, Instant time, long stepMs) {
    }

    private final Clock clock;
    private final UuidSource uuids;
    private final Installation installation;
    private volatile Settings settings;

    public Determinism(EngramConfig config, Clock clock, UuidSource uuids, Installation installation) {
        this.clock = clock;
        this.uuids = uuids;
        this.installation = installation;
        EngramConfig.Mock.Deterministic d = config.mock().deterministic();
        this.settings = new Settings(d.enabled(), d.seed(), parseTime(d.time()), d.stepMs());
        if (d.stepMs() < 0) {
            throw new IllegalArgumentException("engram.mock.deterministic.step-ms must not be negative");
        }
    }

    public Settings settings() {
        return settings;
    }

    /** Changes the given settings (null keeps the current value) and starts the sequences over. */
    public synchronized Settings change(Boolean enabled, Long seed, OffsetDateTime time, Long stepMs) {
        if (stepMs != null && stepMs < 0) {
            throw ApiException.badRequest("step_ms must not be negative");
        }
        Settings s = settings;
        settings = new Settings(enabled != null ? enabled : s.enabled(), seed != null ? seed : s.seed(),
                time != null ? time.toInstant() : s.time(), stepMs != null ? stepMs : s.stepMs());
        restart();
        return settings;
    }

    /** Applies the settings from the beginning: clock back to its start, generator re-seeded. */
    public synchronized void restart() {
        Settings s = settings;
        if (s.enabled()) {
            clock.fix(s.time(), Duration.ofMillis(s.stepMs()));
            uuids.seed(s.seed());
            installation.useProjectUuid(UuidSource.derived(s.seed(), "project"));
        } else {
            clock.useSystemTime();
            uuids.useRandom();
        }
    }

    private static Instant parseTime(String time) {
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("engram.mock.deterministic.time is not an RFC 3339 time: " + time, e);
        }
    }
}
