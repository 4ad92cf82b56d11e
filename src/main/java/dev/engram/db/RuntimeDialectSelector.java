package dev.engram.db;

import org.jboss.logging.Logger;
import org.hibernate.boot.registry.selector.spi.DialectSelector;
import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.dialect.PostgreSQLDialect;

/**
 * Resolves the dialect name the build is configured with ({@value #NAME}, in
 * {@code quarkus.hibernate-orm.dialect}) to H2's or PostgreSQL's dialect, by the datasource URL the
 * server starts with. Hibernate asks when Quarkus boots the persistence unit, at start (static
 * init, in a JVM), before any entity metadata is built, so the whole unit is built for the real
 * database. A {@link java.util.ServiceLoader} service (META-INF/services), as Hibernate looks
 * dialect selectors up.
 */
public class RuntimeDialectSelector implements DialectSelector {

    /** Not a class name, so Hibernate asks the selectors rather than loading it. */
    public static final String NAME = "engram-runtime-database";

    @Override
    public Class<? extends Dialect> resolve(String name) {
        if (!NAME.equals(name)) return null;
        Database database = Database.configured();
        Logger.getLogger(RuntimeDialectSelector.class).infof("Database: %s (from the datasource URL)", database);
        return switch (database) {
            case H2 -> BundledH2Dialect.class;
            case POSTGRESQL -> PostgreSQLDialect.class;
        };
    }

    /**
     * H2's dialect for the H2 in the application: H2 cannot be asked its version before it runs,
     * so Quarkus pins it when H2 is the build's database kind (its default {@code db-version},
     * the bundled H2's); this pins the same, read from that H2.
     */
    public static class BundledH2Dialect extends H2Dialect {
        public BundledH2Dialect() {
            super(DatabaseVersion.make(org.h2.engine.Constants.VERSION_MAJOR,
                    org.h2.engine.Constants.VERSION_MINOR, org.h2.engine.Constants.BUILD_ID));
        }
    }
}
