package dev.engram.common;

import java.sql.SQLException;
import java.util.Set;

/**
 * Failures that say "busy", not "broken": no database connection became free in time, a row
 * lock was not granted in time, or the database chose this transaction as a deadlock victim.
 * The transaction was rolled back, so nothing of the request was stored and sending it again
 * is safe: such a request answers 503 with {@code Retry-After} (the SDKs retry it), never 500.
 */
public final class TransientFailure {

    /** SQLSTATE classes: 40 = transaction rollback (serialization failure, deadlock); 55P03 = lock not available (PostgreSQL). */
    private static final Set<String> STATES = Set.of("40001", "40P01", "55P03", "HYT00");

    /** H2's codes: 50200 lock timeout, 40001 deadlock. */
    private static final Set<Integer> H2_CODES = Set.of(50200, 40001);

    private TransientFailure() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof jakarta.persistence.LockTimeoutException
                    || t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof org.hibernate.PessimisticLockException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                if (sql.getMessage() != null && sql.getMessage().contains("acquisition timeout")) {
                    return true; // Agroal: no pooled connection became free in time
                }
                if ((sql.getSQLState() != null && STATES.contains(sql.getSQLState()))
                        || (sql.getClass().getName().startsWith("org.h2.") && H2_CODES.contains(sql.getErrorCode()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Attempts of {@link #retried}: the first and two more. */
    static final int ATTEMPTS = 3;

    /**
     * Runs {@code work} in a transaction of its own and, when the database gives up on it for a
     * transient reason (typically a deadlock with a background job working on the same rows),
     * runs it again, up to {@link #ATTEMPTS} times. Only for work that may run twice: a delete.
     */
    public static void retried(Runnable work) {
        for (int attempt = 1; ; attempt++) {
            try {
                io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(work);
                return;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !is(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(20L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
