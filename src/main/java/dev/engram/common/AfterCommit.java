package dev.engram.common;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Work that must follow the current transaction's commit (and never a rollback). */
public final class AfterCommit {

    private AfterCommit() {
    }

    /**
     * Runs {@code action} once after the current transaction commits; calling again with the same
     * {@code key} in the same transaction adds nothing.
     */
    public static void once(TransactionSynchronizationRegistry registry, Object key, Runnable action) {
        if (registry.getResource(key) != null) {
            return;
        }
        registry.putResource(key, Boolean.TRUE);
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }
}
