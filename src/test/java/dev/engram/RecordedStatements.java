package dev.engram;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Sees every SQL statement Hibernate prepares (in the tests only) and keeps them while a test
 * records, so a test can ask the database how it runs the queries the code really sends.
 */
@PersistenceUnitExtension
@ApplicationScoped
public class RecordedStatements implements StatementInspector {

    private static volatile List<String> recording;

    @Override
    public String inspect(String sql) {
        List<String> into = recording;
        if (into != null) {
            into.add(sql);
        }
        return sql;
    }

    /** Starts keeping statements (of every thread) until {@link #stop}. */
    static void start() {
        recording = new CopyOnWriteArrayList<>();
    }

    /** The statements since {@link #start}, in the order they were prepared. */
    static List<String> stop() {
        List<String> seen = recording;
        recording = null;
        return seen == null ? List.of() : List.copyOf(seen);
    }
}
