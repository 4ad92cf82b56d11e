package dev.engram.index;

import dev.engram.common.EngramConfig;
import dev.engram.common.Installation;
import dev.engram.embedding.Embedder;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Chooses the search index when the server starts ({@code engram.search.index}) and starts it:
 * the choice depends on the database the server runs on, which is known only then.
 */
@ApplicationScoped
public class SearchIndexes {

    private static final Logger LOG = Logger.getLogger(SearchIndexes.class);

    private final EngramConfig config;
    private final IndexRows rows;
    private final IndexChanges changes;
    private final EntityManager em;
    private final Installation installation;
    private final Embedder embedder;
    private SearchIndex chosen;
    private Runnable stop = () -> { };

    public SearchIndexes(EngramConfig config, IndexRows rows, IndexChanges changes, EntityManager em,
                         Installation installation, Embedder embedder) {
        this.config = config;
        this.rows = rows;
        this.changes = changes;
        this.em = em;
        this.installation = installation;
        this.embedder = embedder;
    }

    @Produces
    @ApplicationScoped
    SearchIndex searchIndex() {
        return chosen();
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        chosen();
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        stop.run();
    }

    /** The index this process uses (package-visible for tests of an implementation). */
    synchronized SearchIndex chosen() {
        if (chosen != null) {
            return chosen;
        }
        String wanted = config.search().index().strip().toLowerCase(java.util.Locale.ROOT);
        boolean postgres = wanted.equals("postgresql") || wanted.equals("auto") && onPostgres();
        if (postgres) {
            String unavailable = pgvectorProblem();
            if (unavailable == null) {
                PgSearchIndex index = startPostgres();
                stop = index::stop;
                return chosen = index;
            }
            if (wanted.equals("postgresql")) {
                throw new IllegalStateException("engram.search.index=postgresql, but " + unavailable);
            }
            LOG.warnf("search index: %s. This process keeps an embedded Lucene index under %s instead (replicas then"
                    + " keep one each). To use PostgreSQL's, install pgvector (scripts/pgvector.sh on Debian) and, as a"
                    + " superuser, run CREATE EXTENSION vector; in this database.", unavailable, config.search().indexDir());
        } else if (!wanted.equals("auto") && !wanted.equals("lucene")) {
            throw new IllegalStateException("engram.search.index must be auto, lucene or postgresql, not " + wanted);
        }
        LuceneSearchIndex index = new LuceneSearchIndex(config, rows, changes, em, installation, embedder);
        index.start();
        stop = index::stop;
        return chosen = index;
    }

    private PgSearchIndex startPostgres() {
        int dimensions = embedder.dimensions();
        PgIndexStore store = new PgIndexStore(em, dimensions, config.search().pgBuildMemory());
        store.createSchema();
        IndexFollower follower = new IndexFollower(store, rows, changes, em, installation.projectUuid().toString(),
                embedder.model(), config.search().pollInterval().toMillis());
        String version = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT extversion FROM pg_extension WHERE extname = 'vector'").getSingleResult());
        boolean iterativeScan = compareVersions(version, "0.8") >= 0;
        PgSearchIndex index = new PgSearchIndex(store, follower, iterativeScan);
        index.start();
        LOG.infof("search index: PostgreSQL (pgvector %s, %d dimensions), shared by every replica of this database%s", version,
                dimensions, iterativeScan ? "" : "; pgvector before 0.8 cannot continue a filtered HNSW scan, so a narrow"
                        + " scope may find fewer neighbours by meaning (upgrade pgvector)");
        return index;
    }

    /** Compares dotted version numbers ("0.8.0" against "0.8"). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i].replaceAll("\\D.*", "")) : 0;
            int q = i < y.length ? Integer.parseInt(y[i].replaceAll("\\D.*", "")) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private boolean onPostgres() {
        return QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class)
                .doReturningWork(c -> c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")));
    }

    /** Why pgvector cannot be used here, or null when it can (the extension is created when the role may). */
    private String pgvectorProblem() {
        String state;
        try {
            state = QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class).doReturningWork(c -> {
                try (var s = c.createStatement();
                     var r = s.executeQuery("SELECT (SELECT count(*) FROM pg_extension WHERE extname = 'vector'),"
                             + " (SELECT count(*) FROM pg_available_extensions WHERE name = 'vector')")) {
                    r.next();
                    return r.getLong(1) > 0 ? "created" : r.getLong(2) > 0 ? "available" : "missing";
                }
            }));
        } catch (RuntimeException e) {
            return "the database could not be asked about pgvector (" + e.getMessage() + ")";
        }
        switch (state) {
            case "created":
                return null;
            case "missing":
                return "the pgvector extension is not installed on the PostgreSQL server";
            default:
                try {
                    QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("CREATE EXTENSION IF NOT EXISTS vector").executeUpdate());
                    LOG.info("search index: created the pgvector extension in this database");
                    return null;
                } catch (RuntimeException e) {
                    return "pgvector is installed on the server, but this role may not create the extension in this database ("
                            + rootMessage(e) + ")";
                }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
