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
}
