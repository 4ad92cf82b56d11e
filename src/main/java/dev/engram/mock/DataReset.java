package dev.engram.mock;

import dev.engram.index.IndexChanges;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * Deletes every row of every data table (children first) and restarts their integer ids at 1,
 * so a reset store answers like a fresh one. The {@code installation} row stays. The SQL is the
 * same on H2 and PostgreSQL.
 */
@ApplicationScoped
public class DataReset {

    /** Counts of what the store holds. */
    public record Counts(long users, long sessions, long messages, long facts) {
    }

    private static final List<String> TABLES = List.of("jobs", "summaries", "facts", "messages", "sessions", "users");

    private final EntityManager em;

    private final IndexChanges indexChanges;

    public DataReset(EntityManager em, IndexChanges indexChanges) {
        this.em = em;
        this.indexChanges = indexChanges;
    }

    public void deleteAll() {
        QuarkusTransaction.requiringNew().run(() -> {
            for (String table : TABLES) {
                em.createNativeQuery("DELETE FROM " + table).executeUpdate();
            }
            indexChanges.everythingDeleted();
        });
        for (String table : TABLES) {
            QuarkusTransaction.requiringNew().run(() ->
                    em.createNativeQuery("ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH 1").executeUpdate());
        }
    }

    public Counts counts() {
        return QuarkusTransaction.requiringNew().call(() -> new Counts(count("users"), count("sessions"),
                count("messages"), count("facts")));
    }

    private long count(String table) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM " + table).getSingleResult()).longValue();
    }
}
