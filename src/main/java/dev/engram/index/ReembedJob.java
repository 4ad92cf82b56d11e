package dev.engram.index;

import dev.engram.common.Installation;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import dev.engram.job.JobEntity;
import dev.engram.job.JobHandler;
import dev.engram.job.JobQueue;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Re-embeds, in the background, the records whose stored vector was made by another model than
 * the one configured now (or by none): when the embedding model changes, a start finds them and
 * queues this job; each run embeds one batch, logs the records for the index and queues the next
 * batch, so searches keep answering (by words, and by meaning for what is done) meanwhile. A
 * message still waiting for its ingest job is left to that job.
 */
@ApplicationScoped
public class ReembedJob implements JobHandler {

    private static final Logger LOG = Logger.getLogger(ReembedJob.class);

    public static final String KIND = "reembed";
    static final int BATCH = 128;

    private final EntityManager em;
    private final Embedder embedder;
    private final JobQueue jobs;
    private final IndexChanges changes;
    private final MessageVectors messageVectors;
    private final Installation installation;

    public ReembedJob(EntityManager em, Embedder embedder, JobQueue jobs, IndexChanges changes, MessageVectors messageVectors,
                      Installation installation) {
        this.messageVectors = messageVectors;
        this.installation = installation;
        this.em = em;
        this.embedder = embedder;
        this.jobs = jobs;
        this.changes = changes;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * A database new at this start has no vectors yet, so every one will be of this model: that
     * is recorded without looking (mock mode's every start: the three queries of the look were
     * about 6 % of its start's main-thread samples).
     */
    void onStart(@Observes StartupEvent event) {
        if (installation.createdByThisProcess()) {
            QuarkusTransaction.requiringNew().run(this::recordVectorsModel);
        } else {
            queueIfStale();
        }
    }

    /**
     * Queues the first batch when some record has no vector of the current model. Skipped when
     * the installation records that every vector is of this model already: the look reads the
     * whole messages table (11 of a 22-second start at a million messages).
     */
    void queueIfStale() {
        installation.projectUuid(); // the installation row exists
        QuarkusTransaction.requiringNew().run(() -> {
            if (embedder.model().equals(vectorsModel())) {
                return;
            }
            boolean stale = false;
            for (RecordKind kind : RecordKind.values()) {
                stale |= !staleIds(kind, 1).isEmpty();
            }
            if (!stale) {
                recordVectorsModel();
            } else if (JobEntity.count("kind = ?1 and status = ?2", KIND, JobEntity.PENDING) == 0) {
                LOG.infof("records embedded by another model than %s found: re-embedding them in the background", embedder.model());
                jobs.enqueue(KIND, null, "{}");
            }
        });
    }

    private String vectorsModel() {
        List<?> rows = em.createNativeQuery("SELECT vectors_model FROM installation WHERE id = 1").getResultList();
        return rows.isEmpty() ? null : (String) rows.get(0);
    }

    private void recordVectorsModel() {
        em.createNativeQuery("UPDATE installation SET vectors_model = ?1 WHERE id = 1").setParameter(1, embedder.model())
                .executeUpdate();
    }

    @Override
    public void handle(JobEntity job) {
        for (RecordKind kind : RecordKind.values()) {
            List<Long> ids = staleIds(kind, BATCH);
            if (ids.isEmpty()) {
                continue;
            }
            List<Object[]> rows = em.createQuery("select e.id, e.content from " + kind.entity + " e where e.id in :ids",
                    Object[].class).setParameter("ids", ids).getResultList();
            List<float[]> vectors;
            if (kind == RecordKind.MESSAGE) {
                Map<Long, float[]> byId = messageVectors.of(ids);
                vectors = rows.stream().map(r -> byId.get((Long) r[0])).toList();
            } else {
                vectors = embedder.embedAll(rows.stream().map(r -> (String) r[1]).toList());
            }
            for (int i = 0; i < rows.size(); i++) {
                em.createQuery("update " + kind.entity + " e set e.embedding = :embedding, e.embeddingModel = :model where e.id = :id")
                        .setParameter("embedding", Vectors.toBytes(vectors.get(i)))
                        .setParameter("model", embedder.model())
                        .setParameter("id", rows.get(i)[0])
                        .executeUpdate();
            }
            changes.changed(kind, rows.stream().map(r -> (Long) r[0]).toList());
            LOG.debugf("re-embedded %d %s record(s)", rows.size(), kind);
            jobs.enqueue(KIND, null, "{}"); // the next batch, after this one commits
            return;
        }
        recordVectorsModel();
        LOG.infof("re-embedding done: every record has a vector of %s", embedder.model());
    }

    private List<Long> staleIds(RecordKind kind, int count) {
        String pending = kind == RecordKind.MESSAGE ? " and e.processed = true" : "";
        return em.createQuery("select e.id from " + kind.entity + " e where (e.embeddingModel is null or e.embeddingModel <> :model)"
                        + pending + " order by e.id", Long.class)
                .setParameter("model", embedder.model()).setMaxResults(count).getResultList();
    }
}
