package dev.engram.db;

import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.quarkus.agroal.runtime.AgroalConnectionConfigurer;
import io.quarkus.agroal.runtime.JdbcDriver;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * What Quarkus's own per-database connection set-up does, for the database kind the build names
 * ({@code other}, see {@link Database}): on PostgreSQL, Agroal's exception sorter, which retires a
 * connection whose error means it is broken (server restarted, connection cut) instead of handing
 * it out again; H2's set-up does nothing. Quarkus looks this bean up by the database kind.
 */
@ApplicationScoped
@JdbcDriver("other")
@Unremovable
public class ConnectionConfigurer implements AgroalConnectionConfigurer {

    @Override
    public void disableSslSupport(String databaseKind, AgroalDataSourceConfigurationSupplier dataSource,
                                  Map<String, String> additionalJdbcProperties) {
        if (Database.configured() == Database.POSTGRESQL) {
            dataSource.connectionPoolConfiguration().connectionFactoryConfiguration().jdbcProperty("sslmode", "disable");
        }
    }

    @Override
    public void setExceptionSorter(String databaseKind, AgroalDataSourceConfigurationSupplier dataSource) {
        if (Database.configured() == Database.POSTGRESQL) {
            dataSource.connectionPoolConfiguration().exceptionSorter(new PostgreSQLExceptionSorter());
        }
    }
}
