package dev.engram.index;

import dev.engram.common.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the change log that the search index follows, in the caller's transaction: what a
 * transaction changed is logged exactly when it commits. Every service that adds, changes or
 * deletes something a search can find calls one of these. The log names records, not their
 * content: the index re-reads the current row, so replaying a change twice is harmless.
 */
@ApplicationScoped
public class IndexChanges {

    /** Log kinds beyond the three record kinds: everything of a session, of a user, or of all. */
    static final String SESSION = "session";
    static final String USER = "user";
    static final String EVERYTHING = "all";

    private static final Object REGISTERED = new Object();

    private final EntityManager em;
    private final TransactionSynchronizationRegistry registry;
    /** Transactions committed with changes; the index compares it with what it has read. */
    private final AtomicLong committed = new AtomicLong();
    private volatile Runnable onCommit = () -> { };

    public IndexChanges(EntityManager em, TransactionSynchronizationRegistry registry) {
        this.em = em;
        this.registry = registry;
    }

    /** These records were added or changed (or deleted one by one). */
    public void changed(RecordKind kind, Collection<Long> pks) {
        if (pks.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO index_changes (kind, record_pk) VALUES ");
        int i = 0;
        for (Long pk : pks) {
            sql.append(i++ == 0 ? "" : ", ").append("('").append(kind.code).append("', ").append(pk.longValue()).append(')');
        }
        log(sql.toString());
    }

    public void changed(RecordKind kind, Long pk) {
        changed(kind, java.util.List.of(pk));
    }

    /** A session is deleted with its messages, summaries and facts. */
    public void sessionDeleted(Long sessionPk) {
        log("INSERT INTO index_changes (kind, record_pk) VALUES ('" + SESSION + "', " + sessionPk.longValue() + ")");
    }

    /** A user is deleted with everything of theirs. */
    public void userDeleted(Long userPk) {
        log("INSERT INTO index_changes (kind, record_pk) VALUES ('" + USER + "', " + userPk.longValue() + ")");
    }

    /** Every record is deleted (mock mode's reset). */
    public void everythingDeleted() {
        log("INSERT INTO index_changes (kind, record_pk) VALUES ('" + EVERYTHING + "', NULL)");
    }

    /** Transactions committed with changes so far (in this process). */
    long committed() {
        return committed.get();
    }

    void onCommit(Runnable action) {
        this.onCommit = action;
    }

    private void log(String insert) {
        em.createNativeQuery(insert).executeUpdate();
        AfterCommit.once(registry, REGISTERED, () -> {
            committed.incrementAndGet();
            onCommit.run();
        });
    }
}
