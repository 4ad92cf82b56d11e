package dev.engram.job;

import dev.engram.common.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Wakes this process's idle workers as soon as new work is committed, so derived data appears
 * within milliseconds instead of after a poll interval. Other replicas find it by polling.
 */
@ApplicationScoped
public class JobSignal {

    private final TransactionSynchronizationRegistry registry;
    /** One wake per transaction, however many jobs it queues. */
    private static final Object WAKE = new Object();

    private final Object monitor = new Object();
    private long generation;

    public JobSignal(TransactionSynchronizationRegistry registry) {
        this.registry = registry;
    }

    void wakeAfterCommit() {
        AfterCommit.once(registry, WAKE, this::wake);
    }

    public void wake() {
        synchronized (monitor) {
            generation++;
            monitor.notifyAll();
        }
    }

    /** Waits until woken or the timeout passes. */
    void await(long timeoutMillis) throws InterruptedException {
        synchronized (monitor) {
            long seen = generation;
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (generation == seen) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                monitor.wait(left);
            }
        }
    }
}
