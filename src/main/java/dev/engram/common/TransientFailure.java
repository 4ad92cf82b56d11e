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
}
