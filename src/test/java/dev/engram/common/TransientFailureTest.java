package dev.engram.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which database failures answer 503 (busy, safe to send again) rather than 500. */
class TransientFailureTest {

    @Test
    void busyDatabasesAreTransient() {
        assertTrue(TransientFailure.is(new RuntimeException("wrapped", new SQLException("Sorry, acquisition timeout!"))));
        assertTrue(TransientFailure.is(new SQLException("deadlock detected", "40P01")));
        assertTrue(TransientFailure.is(new SQLException("could not serialize access", "40001")));
        assertTrue(TransientFailure.is(new SQLException("lock not available", "55P03")));
        assertTrue(TransientFailure.is(new jakarta.persistence.LockTimeoutException("lock timeout")));
    }

    @Test
    void clientMistakesAndFaultsAreNot() {
        assertFalse(TransientFailure.is(new SQLException("duplicate key value", "23505")));
        assertFalse(TransientFailure.is(new SQLException("value too long", "22001")));
        assertFalse(TransientFailure.is(new IllegalStateException("bug")));
    }
}
