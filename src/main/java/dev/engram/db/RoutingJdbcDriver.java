package dev.engram.db;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver the datasource is built with ({@code quarkus.datasource.jdbc.driver}, a build-time
 * setting): hands each connection to H2's or PostgreSQL's driver, by the URL it is given, so the
 * database is chosen when the server starts rather than when it is built. Both drivers are in the
 * application; only the one the URL names is ever loaded.
 */
public class RoutingJdbcDriver implements Driver {

    private volatile Driver h2;
    private volatile Driver postgresql;

    private Driver target(String url) throws SQLException {
        Database database = Database.ofUrl(url).orElseThrow(() -> new SQLException(Database.unsupported(url)));
        return switch (database) {
            case H2 -> {
                if (h2 == null) h2 = new org.h2.Driver();
                yield h2;
            }
            case POSTGRESQL -> {
                if (postgresql == null) postgresql = new org.postgresql.Driver();
                yield postgresql;
            }
        };
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        // JDBC: a driver answers null for a URL that is not its own.
        return acceptsURL(url) ? target(url).connect(url, info) : null;
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && Database.ofUrl(url).isPresent();
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return target(url).getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
