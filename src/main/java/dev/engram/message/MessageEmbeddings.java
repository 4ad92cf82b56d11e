package dev.engram.message;

import dev.engram.common.EngramConfig;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import dev.engram.index.IndexChanges;
import dev.engram.index.MessageVectors;
import dev.engram.index.RecordKind;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Stores the vectors of messages (made by {@link MessageVectors}), at one of two moments:
 *
 * <ul>
 * <li><b>With the rest of a batch's derived memory</b>, when background workers build it (the
 * server's default): the ingest job calls {@link #store}.
 * <li><b>When an answer first needs them</b>, when derived work runs inline on the request
 * thread (mock mode, {@code engram.jobs.inline}): a search of messages stores the vectors its
 * target lacks ({@link #storeMissing}), the relevant facts of a memory read those of the recent
 * messages ({@link #storeLast}), then they read them as if the ingest job had stored them. The
 * embedding model was two thirds of the CPU of an inline {@code POST …/memory}
 * ({@code make bench-mock}'s profile), and most calls of an app's test suite never need a
 * message's vector; those that do get the same vectors, so answers do not change.
 * </ul>
 */
@ApplicationScoped
public class MessageEmbeddings {

    private static final Logger LOG = Logger.getLogger(MessageEmbeddings.class);

    /** Messages embedded and stored per transaction when a search meets many without a vector. */
    static final int PAGE = 64;

    private final EntityManager em;
    private final MessageVectors vectors;
    private final Embedder embedder;
    private final IndexChanges indexChanges;
    private final boolean onDemand;

    public MessageEmbeddings(EntityManager em, MessageVectors vectors, Embedder embedder, IndexChanges indexChanges,
                             EngramConfig config) {
        this.em = em;
        this.vectors = vectors;
        this.embedder = embedder;
        this.indexChanges = indexChanges;
        this.onDemand = config.jobs().inline();
    }

    /** True when vectors are stored when first needed rather than with the rest of derived memory. */
    public boolean onDemand() {
        return onDemand;
    }

    /** Embeds and stores the vectors of these messages that have none of the current model. In the caller's transaction. */
    public void store(List<MessageEntity> messages) {
        List<MessageEntity> missing = messages.stream()
                .filter(m -> m.embedding == null || !embedder.model().equals(m.embeddingModel)).toList();
        if (missing.isEmpty()) {
            return;
        }
        Map<Long, float[]> byId = vectors.of(missing.stream().map(m -> m.id).toList());
        for (MessageEntity m : missing) {
            m.embedding = Vectors.toBytes(byId.get(m.id));
            m.embeddingModel = embedder.model();
        }
        indexChanges.changed(RecordKind.MESSAGE, missing.stream().map(m -> m.id).toList());
    }

    /** On demand: stores the vectors that the last {@code n} messages of a session lack. */
    public void storeLast(Long sessionPk, int n) {
        if (!onDemand || n <= 0) {
            return;
        }
        QuarkusTransaction.joiningExisting().run(() -> {
            // n rows read backwards along the (session_pk, id) index, not the whole session: the
            // ORDER BY and the bound on id are what H2 needs for that (see MessageService.list)
            List<Long> missing = em.createQuery("select m.id, m.embeddingModel from MessageEntity m where m.sessionPk = :session"
                            + " and m.id > 0 order by m.sessionPk desc, m.id desc", Object[].class)
                    .setParameter("session", sessionPk).setMaxResults(n).getResultStream()
                    .filter(row -> !embedder.model().equals(row[1])).map(row -> (Long) row[0]).toList();
            storeVectors(missing);
        });
    }

    /**
     * On demand: stores the vectors that the messages of a search's target lack: the listed
     * sessions, the user's sessions, or (both null) every session. In transactions of
     * {@link #PAGE} messages, so a long backlog is not one long transaction.
     *
     * @return how many messages were embedded
     */
    public int storeMissing(Long userPk, List<Long> sessionPks) {
        if (!onDemand || (sessionPks != null && sessionPks.isEmpty())) {
            return 0;
        }
        StringBuilder where = new StringBuilder("(m.embeddingModel is null or m.embeddingModel <> :model)");
        if (sessionPks != null) {
            where.append(" and m.sessionPk in :sessions");
        }
        if (userPk != null) {
            where.append(" and m.sessionPk in (select s.id from SessionEntity s where s.user.id = :user)");
        }
        String jpql = "select m.id from MessageEntity m where " + where + " and m.id > :after order by m.id";
        int stored = 0;
        long after = 0;
        while (true) {
            long from = after;
            List<Long> page = QuarkusTransaction.requiringNew().call(() -> {
                TypedQuery<Long> query = em.createQuery(jpql, Long.class).setParameter("model", embedder.model())
                        .setParameter("after", from).setMaxResults(PAGE);
                if (sessionPks != null) {
                    query.setParameter("sessions", sessionPks);
                }
                if (userPk != null) {
                    query.setParameter("user", userPk);
                }
                List<Long> ids = query.getResultList();
                storeVectors(ids);
                return ids;
            });
            stored += page.size();
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1);
            if (stored % (PAGE * 16) == 0) {
                LOG.infof("embedding the messages a search needs: %d so far", stored);
            }
        }
        return stored;
    }

    /** By id, with an update per message: on demand the caller holds no entities (unlike {@link #store}). */
    private void storeVectors(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        Map<Long, float[]> byId = vectors.of(ids);
        for (Map.Entry<Long, float[]> e : byId.entrySet()) {
            em.createQuery("update MessageEntity m set m.embedding = :vector, m.embeddingModel = :model where m.id = :id")
                    .setParameter("vector", Vectors.toBytes(e.getValue())).setParameter("model", embedder.model())
                    .setParameter("id", e.getKey()).executeUpdate();
        }
        indexChanges.changed(RecordKind.MESSAGE, List.copyOf(byId.keySet()));
    }
}
