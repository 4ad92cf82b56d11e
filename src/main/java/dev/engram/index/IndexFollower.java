package dev.engram.index;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Keeps the index in step with the database, on one thread: rebuilds it from the tables when it
 * is missing, of another database, of another embedding model or behind the pruned log; then
 * follows the change log ({@link IndexChanges}) in order, re-reading each changed record.
 *
 * <p>The checkpoint stored with each Lucene commit is the highest log position up to which every
 * change is applied. Positions are handed out when a transaction writes, not when it commits,
 * so a later position can commit first: a hole in the sequence is a transaction still open (or
 * rolled back, or numbers skipped by the database). Rows after a hole are applied at once, the
 * hole is looked up again on every pass, and the checkpoint waits at the hole until it fills or
 * is older than any transaction can be. After a crash, replay starts at the checkpoint; a change
 * applied twice leaves the same document, so nothing is lost and nothing is doubled.
 */
final class IndexFollower {

    private static final Logger LOG = Logger.getLogger(IndexFollower.class);

    static final int BATCH = 2000;
    static final int REBUILD_PAGE = 500;
    /** A hole older than this is a transaction that will never commit (the transaction timeout is 60 s). */
    static final long HOLE_TIMEOUT_MS = 120_000;
    static final long COMMIT_INTERVAL_MS = 1_000;
    static final long PRUNE_INTERVAL_MS = 60_000;
    /** Log rows are kept this long after they are applied, for replicas and restarts a little behind. */
    static final long RETENTION_MINUTES = 10;

    private final IndexStore store;
    private final IndexRows rows;
    private final IndexChanges changes;
    private final EntityManager em;
    private final String installation;
    private final String model;
    private final long pollMillis;

    private final Object monitor = new Object();
    private volatile String state = "starting";
    private volatile long checkpoint;
    /** Highest log position read so far. */
    private long highest;
    /** Holes below {@link #highest}: position → when first seen. */
    private final TreeMap<Long, Long> holes = new TreeMap<>();
    /** {@link IndexChanges#committed()} when the last finished pass began. */
    private long passedCommits = -1;
    private boolean woken;
    /** Passes begun, and the last one that ended caught up with the log (both under the monitor). */
    private long passesBegun;
    private long caughtUpPass;
    private volatile boolean stopped;
    private boolean dirty;
    private long lastCommit = System.currentTimeMillis();
    private long lastPrune;
    private Thread thread;

    IndexFollower(IndexStore store, IndexRows rows, IndexChanges changes, EntityManager em, String installation,
                  String model, long pollMillis) {
        this.store = store;
        this.rows = rows;
        this.changes = changes;
        this.em = em;
        this.installation = installation;
        this.model = model;
        this.pollMillis = pollMillis;
    }

    void start() {
        changes.onCommit(this::wake);
        thread = new Thread(this::run, "engram-index");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        stopped = true;
        wake();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    String state() {
        return state;
    }

    long checkpoint() {
        return checkpoint;
    }

    void wake() {
        synchronized (monitor) {
            woken = true;
            monitor.notifyAll();
        }
    }

    boolean awaitCurrent(long timeoutMillis) {
        long wanted = changes.committed();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (monitor) {
            if (passedCommits < wanted) {
                woken = true;
                monitor.notifyAll();
            }
            return waitUntil(() -> passedCommits >= wanted, deadline);
        }
    }

    /**
     * Waits for a pass over the log that begins after this call and ends caught up: it reads
     * every change committed before the call, by this process or any other (new positions, and
     * the holes that have filled since). {@link #awaitCurrent} only knows this process's commits.
     */
    boolean awaitPass(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (monitor) {
            long wanted = passesBegun + 1;
            woken = true;
            monitor.notifyAll();
            return waitUntil(() -> caughtUpPass >= wanted, deadline);
        }
    }

    /** Waits on the monitor (held by the caller) until {@code done}; false when the deadline passes or the follower stops. */
    private boolean waitUntil(java.util.function.BooleanSupplier done, long deadline) {
        while (!done.getAsBoolean()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0 || stopped) {
                return false;
            }
            try {
                monitor.wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void run() {
        while (!stopped) {
            try {
                if (!"following".equals(state)) {
                    prepare();
                    if (stopped) {
                        break;
                    }
                }
                pass();
                idle();
            } catch (RuntimeException | IOException e) {
                state = "retrying";
                LOG.warnf(e, "search index: could not follow the database, trying again in 1 s");
                sleep(1000);
            }
        }
        try {
            // A rebuild cut short is not committed: the next start rebuilds.
            if (dirty && "following".equals(state)) {
                commit();
            }
        } catch (IOException e) {
            LOG.warnf(e, "search index: last commit failed; the next start replays from checkpoint %d", checkpoint);
        }
    }

    /** Decides whether the index on disk can be followed on from, and rebuilds it if not. */
    private void prepare() throws IOException {
        Map<String, String> data = store.committed();
        long[] log = QuarkusTransaction.requiringNew().call(this::logBounds);
        String reason = rebuildReason(data, log[0], log[1]);
        if (reason == null) {
            checkpoint = Long.parseLong(data.get(IndexStore.CHECKPOINT));
            highest = checkpoint;
            holes.clear();
            state = "following";
            LOG.infof("search index at %s follows the database from change %d", store.location(), checkpoint);
            return;
        }
        rebuild(reason);
    }

    private String rebuildReason(Map<String, String> data, long prunedThrough, long maxSeq) {
        if (data.get(IndexStore.CHECKPOINT) == null) {
            return "no index yet";
        }
        if (!store.formatVersion().equals(data.get(IndexStore.FORMAT))) {
            return "the index has an older layout";
        }
        if (!installation.equals(data.get(IndexStore.INSTALLATION))) {
            return "the index belongs to another database";
        }
        if (!model.equals(data.get(IndexStore.MODEL))) {
            return "the index holds vectors of " + data.get(IndexStore.MODEL) + ", the embedding model is now " + model;
        }
        long at = Long.parseLong(data.get(IndexStore.CHECKPOINT));
        if (at < prunedThrough) {
            return "the index is behind the pruned change log (" + at + " < " + prunedThrough + ")";
        }
        if (at > maxSeq) {
            return "the index is ahead of the database (" + at + " > " + maxSeq + "): the database was replaced";
        }
        return null;
    }

    private void rebuild(String reason) throws IOException {
        state = "rebuilding";
        long started = System.currentTimeMillis();
        LOG.infof("search index at %s: rebuilding from the database (%s)", store.location(), reason);
        store.deleteAll();
        store.beginBulkLoad();
        // Read before the tables: a change logged meanwhile is applied again afterwards.
        long from = QuarkusTransaction.requiringNew().call(() -> logBounds()[1]);
        long count = 0;
        for (RecordKind kind : RecordKind.values()) {
            long after = 0;
            while (!stopped) {
                long pageAfter = after;
                List<IndexedRecord> page = QuarkusTransaction.requiringNew().call(() -> rows.page(kind, pageAfter, REBUILD_PAGE, model));
                for (IndexedRecord r : page) {
                    store.upsert(r);
                }
                count += page.size();
                if (page.size() < REBUILD_PAGE) {
                    break;
                }
                after = page.get(page.size() - 1).id();
                if (count % 50_000 < REBUILD_PAGE) {
                    LOG.infof("search index: %d records indexed", count);
                    store.refresh();
                }
            }
        }
        if (stopped) {
            return; // no checkpoint: the next start rebuilds
        }
        store.endBulkLoad();
        checkpoint = from;
        highest = from;
        holes.clear();
        // Positions below the start that are missing may be transactions still open: watch them.
        long now = System.currentTimeMillis();
        for (long seq : QuarkusTransaction.requiringNew().call(() -> missingBelow(from, 2000))) {
            holes.put(seq, now);
        }
        if (!holes.isEmpty()) {
            checkpoint = holes.firstKey() - 1;
        }
        commit();
        store.refresh();
        state = "following";
        LOG.infof("search index rebuilt: %d records in %d ms", count, System.currentTimeMillis() - started);
    }

    /** One pass over the log: new changes, then the holes. */
    private void pass() throws IOException {
        long passNo;
        synchronized (monitor) {
            passNo = ++passesBegun;
        }
        long commitsBefore = changes.committed();
        List<long[]> fresh = QuarkusTransaction.requiringNew().call(() -> readAfter(highest));
        List<long[]> filled = holes.isEmpty() ? List.of()
                : QuarkusTransaction.requiringNew().call(() -> readPositions(new ArrayList<>(holes.keySet()).subList(0, Math.min(500, holes.size()))));
        List<long[]> applied = new ArrayList<>(filled);
        applied.addAll(fresh);
        if (!applied.isEmpty()) {
            apply(applied);
        }
        long now = System.currentTimeMillis();
        for (long[] change : filled) {
            holes.remove(change[0]);
        }
        for (long[] change : fresh) {
            for (long seq = highest + 1; seq < change[0]; seq++) {
                holes.put(seq, now);
            }
            highest = Math.max(highest, change[0]);
        }
        holes.values().removeIf(seen -> now - seen > HOLE_TIMEOUT_MS);
        long next = holes.isEmpty() ? highest : holes.firstKey() - 1;
        if (next != checkpoint || !applied.isEmpty()) {
            checkpoint = next;
            dirty = true;
        }
        if (!applied.isEmpty()) {
            store.refresh();
        }
        synchronized (monitor) {
            if (fresh.size() < BATCH) {
                // Caught up with the log (a full batch means more is waiting, e.g. replay after a restart).
                passedCommits = Math.max(passedCommits, commitsBefore);
                caughtUpPass = Math.max(caughtUpPass, passNo);
                monitor.notifyAll();
            } else {
                woken = true; // no idle wait: read the next batch at once
            }
        }
        if (dirty && (now - lastCommit >= COMMIT_INTERVAL_MS || fresh.size() == BATCH)) {
            commit();
        }
        if (now - lastPrune >= PRUNE_INTERVAL_MS) {
            lastPrune = now;
            prune();
        }
    }

    /** Applies changes in log order: record changes re-read their rows, deletes go by session, user or all. */
    private void apply(List<long[]> changesInOrder) throws IOException {
        Map<RecordKind, List<Long>> pending = new LinkedHashMap<>();
        for (long[] change : changesInOrder) {
            int code = (int) change[1];
            if (code < RecordKind.values().length) {
                pending.computeIfAbsent(RecordKind.values()[code], k -> new ArrayList<>()).add(change[2]);
                continue;
            }
            upsert(pending);
            pending.clear();
            switch (code) {
                case SESSION_CODE -> store.deleteSession(change[2]);
                case USER_CODE -> store.deleteUser(change[2]);
                case EVERYTHING_CODE -> store.deleteAll();
                default -> LOG.warnf("search index: unknown change at %d ignored", change[0]);
            }
        }
        upsert(pending);
    }

    private void upsert(Map<RecordKind, List<Long>> pending) throws IOException {
        for (Map.Entry<RecordKind, List<Long>> entry : pending.entrySet()) {
            RecordKind kind = entry.getKey();
            List<Long> ids = entry.getValue().stream().distinct().toList();
            for (int from = 0; from < ids.size(); from += REBUILD_PAGE) {
                List<Long> slice = ids.subList(from, Math.min(ids.size(), from + REBUILD_PAGE));
                Map<Long, IndexedRecord> found = new HashMap<>();
                for (IndexedRecord r : QuarkusTransaction.requiringNew().call(() -> rows.byIds(kind, slice, model))) {
                    found.put(r.id(), r);
                }
                for (Long id : slice) {
                    IndexedRecord r = found.get(id);
                    if (r == null) {
                        store.delete(kind, id);
                    } else {
                        store.upsert(r);
                    }
                }
            }
        }
    }

    private void commit() throws IOException {
        Map<String, String> data = new HashMap<>();
        data.put(IndexStore.CHECKPOINT, Long.toString(checkpoint));
        data.put(IndexStore.INSTALLATION, installation);
        data.put(IndexStore.MODEL, model);
        data.put(IndexStore.FORMAT, store.formatVersion());
        store.commit(data);
        dirty = false;
        lastCommit = System.currentTimeMillis();
    }

    /**
     * Deletes log rows this index has applied and that are older than the retention, and
     * notes how far the log is pruned. An index found behind that mark is rebuilt.
     */
    private void prune() {
        long through = checkpoint;
        long prunedThrough = QuarkusTransaction.requiringNew().call(() -> {
            long mark = ((Number) em.createNativeQuery("SELECT pruned_through FROM index_log_state WHERE id = 1")
                    .getSingleResult()).longValue();
            Object newest = em.createNativeQuery("SELECT MAX(seq) FROM index_changes WHERE seq <= :through AND created_at < :before")
                    .setParameter("through", through)
                    .setParameter("before", java.time.OffsetDateTime.now().minusMinutes(RETENTION_MINUTES))
                    .getSingleResult();
            if (newest != null) {
                long upTo = ((Number) newest).longValue();
                int deleted = em.createNativeQuery("DELETE FROM index_changes WHERE seq <= :upTo")
                        .setParameter("upTo", upTo).executeUpdate();
                if (upTo > mark) {
                    em.createNativeQuery("UPDATE index_log_state SET pruned_through = :upTo WHERE id = 1 AND pruned_through < :upTo")
                            .setParameter("upTo", upTo).executeUpdate();
                    mark = upTo;
                }
                LOG.debugf("search index: pruned %d applied change(s) up to %d", deleted, upTo);
            }
            return mark;
        });
        if (prunedThrough > checkpoint) {
            LOG.warnf("search index: another process pruned the change log past this index (%d > %d); rebuilding",
                    prunedThrough, checkpoint);
            state = "behind";
        }
    }

    static final int SESSION_CODE = 10;
    static final int USER_CODE = 11;
    static final int EVERYTHING_CODE = 12;

    /** [seq, code, record pk] with code the ordinal of a record kind, or one of the *_CODE values. */
    private List<long[]> readAfter(long after) {
        @SuppressWarnings("unchecked")
        List<Object[]> found = em.createNativeQuery("SELECT seq, kind, record_pk FROM index_changes WHERE seq > :after ORDER BY seq")
                .setParameter("after", after).setMaxResults(BATCH).getResultList();
        return decode(found);
    }

    private List<long[]> readPositions(List<Long> positions) {
        @SuppressWarnings("unchecked")
        List<Object[]> found = em.createNativeQuery("SELECT seq, kind, record_pk FROM index_changes WHERE seq IN (:positions) ORDER BY seq")
                .setParameter("positions", positions).getResultList();
        return decode(found);
    }

    private static List<long[]> decode(List<Object[]> found) {
        List<long[]> out = new ArrayList<>(found.size());
        for (Object[] row : found) {
            String kind = (String) row[1];
            RecordKind recordKind = RecordKind.ofCode(kind);
            int code = recordKind != null ? recordKind.ordinal()
                    : IndexChanges.SESSION.equals(kind) ? SESSION_CODE
                    : IndexChanges.USER.equals(kind) ? USER_CODE
                    : IndexChanges.EVERYTHING.equals(kind) ? EVERYTHING_CODE : -1;
            out.add(new long[] {((Number) row[0]).longValue(), code, row[2] == null ? 0 : ((Number) row[2]).longValue()});
        }
        return out;
    }

    /** [pruned through, highest position] of the log. */
    private long[] logBounds() {
        long pruned = ((Number) em.createNativeQuery("SELECT pruned_through FROM index_log_state WHERE id = 1").getSingleResult()).longValue();
        Object max = em.createNativeQuery("SELECT MAX(seq) FROM index_changes").getSingleResult();
        return new long[] {pruned, Math.max(pruned, max == null ? 0 : ((Number) max).longValue())};
    }

    /** Positions in (upTo − window, upTo] with no row. */
    private List<Long> missingBelow(long upTo, int window) {
        long low = Math.max(0, upTo - window);
        @SuppressWarnings("unchecked")
        List<Object> present = em.createNativeQuery("SELECT seq FROM index_changes WHERE seq > :low AND seq <= :upTo")
                .setParameter("low", low).setParameter("upTo", upTo).getResultList();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        present.forEach(p -> seen.add(((Number) p).longValue()));
        long pruned = ((Number) em.createNativeQuery("SELECT pruned_through FROM index_log_state WHERE id = 1").getSingleResult()).longValue();
        List<Long> missing = new ArrayList<>();
        for (long seq = Math.max(low, pruned) + 1; seq <= upTo; seq++) {
            if (!seen.contains(seq)) {
                missing.add(seq);
            }
        }
        return missing;
    }

    private void idle() {
        synchronized (monitor) {
            if (!woken && !stopped) {
                try {
                    monitor.wait(pollMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                }
            }
            woken = false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
