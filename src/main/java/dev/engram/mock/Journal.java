package dev.engram.mock;

import dev.engram.common.EngramConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Mock mode's request journal: the last {@code engram.mock.journal-size} answered requests, in
 * a bounded ring buffer (the oldest entry is dropped first). Filled by {@link JournalRecorder}.
 */
@ApplicationScoped
public class Journal {

    /** One answered request. {@code query} is null when the request had none. */
    public record Entry(String method, String path, String query, int status, Instant receivedAt,
                        double durationMs, String fault) {
    }

    /** What {@link #find} keeps; null fields match everything. */
    public record Filter(String method, String pathPrefix, String contains, Integer status) {

        boolean matches(Entry e) {
            return (method == null || method.isEmpty() || e.method().equalsIgnoreCase(method))
                    && (pathPrefix == null || e.path().startsWith(pathPrefix))
                    && (contains == null || e.path().contains(contains))
                    && (status == null || e.status() == status);
        }
    }

    /** The matching entries (oldest first, at most {@code limit} of the newest) and how many matched. */
    public record Found(List<Entry> entries, int total) {
    }

    private final int capacity;
    private final ArrayDeque<Entry> entries;

    public Journal(EngramConfig config) {
        this.capacity = Math.max(1, config.mock().journalSize());
        this.entries = new ArrayDeque<>(Math.min(capacity, 4096));
    }

    public synchronized void record(Entry entry) {
        if (entries.size() >= capacity) {
            entries.pollFirst();
        }
        entries.addLast(new Entry(entry.method().toUpperCase(Locale.ROOT), entry.path(), entry.query(),
                entry.status(), entry.receivedAt(), entry.durationMs(), entry.fault()));
    }

    public Found find(Filter filter, Integer limit) {
        List<Entry> matching = new ArrayList<>();
        synchronized (this) {
            for (Entry e : entries) {
                if (filter.matches(e)) {
                    matching.add(e);
                }
            }
        }
        int total = matching.size();
        if (limit != null && limit < total) {
            matching = new ArrayList<>(matching.subList(total - limit, total));
        }
        return new Found(matching, total);
    }

    public synchronized void clear() {
        entries.clear();
    }
}
