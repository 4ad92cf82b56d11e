package dev.engram.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** The {@code engram.*} settings (see the README's configuration table). */
@ConfigMapping(prefix = "engram")
public interface EngramConfig {

    /** Directory of the embedded H2 database (used by the default datasource URL). */
    @WithDefault("./data")
    String dataDir();

    Limits limits();

    Auth auth();

    Mock mock();

    interface Limits {
        @WithDefault("30")
        int maxMessagesPerCall();

        @WithDefault("100000")
        int maxMessageChars();

        @WithDefault("1000")
        int maxPageSize();

        @WithDefault("5M")
        String maxBodySize();
    }

    interface Auth {
        /** Accepted API keys; none means the API is open. */
        Optional<List<String>> apiKeys();
    }

    /** Mock mode: the test double that apps run against in their CI (profile {@code mock}). */
    interface Mock {
        /** Turns on the {@code /admin} test controls, the request journal and fault injection. */
        @WithDefault("false")
        boolean enabled();

        /** JSON or YAML file of users, sessions, messages and facts loaded at start and on reset. */
        Optional<String> fixtures();

        /** Entries the request journal keeps (oldest dropped first). */
        @WithDefault("1000")
        int journalSize();

        Deterministic deterministic();

        interface Deterministic {
            /** Fixed clock and seeded UUIDs from the start. */
            @WithDefault("false")
            boolean enabled();

            @WithDefault("42")
            long seed();

            /** First instant of the fixed clock (RFC 3339). */
            @WithDefault("2025-01-01T00:00:00Z")
            String time();

            /** Milliseconds the fixed clock advances per reading. */
            @WithDefault("1000")
            long stepMs();
        }
    }
}
