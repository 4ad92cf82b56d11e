package dev.engram.job;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A test job that fails as many times as its payload says, then succeeds. */
@ApplicationScoped
public class FlakyJob implements JobHandler {

    static final String KIND = "test-flaky";
    private final Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();

    /** How often the job ran (0 if never); a method, because a CDI proxy's fields are not the bean's. */
    int runs(long id) {
        AtomicInteger count = runs.get(id);
        return count == null ? 0 : count.get();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void handle(JobEntity job) {
        int run = runs.computeIfAbsent(job.id, id -> new AtomicInteger()).incrementAndGet();
        if (run <= Integer.parseInt(job.payload)) {
            throw new IllegalStateException("planned failure " + run);
        }
    }
}
