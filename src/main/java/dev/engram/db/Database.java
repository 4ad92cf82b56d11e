package dev.engram.db;

import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The databases one build of Engram runs on, told apart by the JDBC URL it is started with
 * ({@code quarkus.datasource.jdbc.url}, normally from {@code ENGRAM_DB_URL}). Quarkus fixes the
 * datasource's driver and Hibernate's dialect when the application is built; the build names
 * {@link RoutingJdbcDriver} and {@link RuntimeDialectSelector#NAME} instead, and those two pick
 * the real driver and dialect from this at start.
 */
public enum Database {
    H2("jdbc:h2:"),
    POSTGRESQL("jdbc:postgresql:");

    static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";

    private final String urlPrefix;

    Database(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    /** The database a JDBC URL points at, or empty when it is neither (another driver's URL). */
    public static java.util.Optional<Database> ofUrl(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        for (Database database : values()) {
            if (url.startsWith(database.urlPrefix)) return java.util.Optional.of(database);
        }
        return java.util.Optional.empty();
    }

    /** The database of the configured datasource URL; fails, naming the setting, for any other URL. */
    public static Database configured() {
        String url = ConfigProvider.getConfig().getOptionalValue(URL_PROPERTY, String.class)
                .orElseThrow(() -> new IllegalStateException(
                        "no database URL: set ENGRAM_DB_URL (or " + URL_PROPERTY + ")"));
        return ofUrl(url).orElseThrow(() -> new IllegalStateException(unsupported(url)));
    }

    static String unsupported(String url) {
        // The URL may carry a password (jdbc:postgresql://h/db?password=...), so only its scheme is named.
        String scheme = url.indexOf(':', 5) > 0 ? url.substring(0, url.indexOf(':', 5) + 1) : url;
        return "unsupported database URL " + scheme + "... (ENGRAM_DB_URL): Engram runs on jdbc:h2: "
                + "(the default, embedded) or jdbc:postgresql:";
    }
}
