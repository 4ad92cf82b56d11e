package dev.engram.index;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.engram.embedding.Embedder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a message's vector is made: the embedding of the message with its speaker ("Caroline: I
 * went to a support group yesterday"), plus half the embedding of the turn before it, normalised.
 * The speaker lets a question that names a person find what that person said; the previous turn
 * gives a short reply ("Yes, last Friday!") the subject it answers, while the message's own words
 * still weigh twice as much, so the turn that says something outranks the one after it.
 * Measured on the LoCoMo development conversations (see the README).
 *
 * <p>Every place that embeds a message comes here (ingest, re-embedding, a search meeting a
 * message not yet embedded), so all vectors of messages are made the same way. One embedding per
 * message: the previous turn's is reused when it is embedded in the same call, or when it was the
 * newest message of a call shortly before (the session's previous batch).
 */
@ApplicationScoped
public class MessageVectors {

    /** Weight of the previous turn's embedding against the message's own (1). */
    static final float PREVIOUS_TURN_WEIGHT = 0.5f;

    /** Sessions whose last embedded message's own embedding is kept (about 1.6 KB each). */
    static final int KEPT_LAST_TURNS = 4_096;

    private final EntityManager em;
    private final Embedder embedder;
    /**
     * The own embedding (without the turn before) of the newest message of each batch embedded
     * lately, by message id, with the text it is of. The session's next batch needs it as its
     * first message's previous turn: a chat that adds one message per call would otherwise embed
     * every message twice. Keyed by id and checked against the text, so it only ever stands in
     * for the same message's same words.
     */
    private final Cache<Long, OwnEmbedding> lastTurns = Caffeine.newBuilder().maximumSize(KEPT_LAST_TURNS).build();

    private record OwnEmbedding(String text, float[] vector) {
    }

    public MessageVectors(EntityManager em, Embedder embedder) {
        this.em = em;
        this.embedder = embedder;
    }

    /** The vectors of these messages (those that exist), by id. Call in a transaction. */
    public Map<Long, float[]> of(Collection<Long> messageIds) {
        Map<Long, float[]> vectors = new HashMap<>();
        if (messageIds.isEmpty()) {
            return vectors;
        }
        Map<Long, String> texts = new LinkedHashMap<>();
        Map<Long, Long> previousOf = new HashMap<>();
        // Per session, one read of the run of messages from the turn before the first wanted one
        // to the last wanted one: each wanted message's previous turn is the one before it there.
        Map<Long, long[]> spanBySession = new HashMap<>();
        for (Object[] row : em.createQuery("select m.sessionPk, min(m.id), max(m.id) from MessageEntity m where m.id in :ids"
                + " group by m.sessionPk", Object[].class).setParameter("ids", messageIds).getResultList()) {
            spanBySession.put((Long) row[0], new long[] {(Long) row[1], (Long) row[2]});
        }
        java.util.Set<Long> wanted = new java.util.HashSet<>(messageIds);
        for (Map.Entry<Long, long[]> span : spanBySession.entrySet()) {
            // The turn before the first wanted one, read backwards along the (session_pk, id) index
            // (both columns in the ORDER BY, or H2 reads every earlier message of the session; so
            // would a max(id) subquery).
            List<Long> before = em.createQuery("select q.id from MessageEntity q where q.sessionPk = :session and q.id < :first"
                            + " order by q.sessionPk desc, q.id desc", Long.class)
                    .setParameter("session", span.getKey()).setParameter("first", span.getValue()[0])
                    .setMaxResults(1).getResultList();
            List<Object[]> run = em.createQuery("select p.id, p.role, p.content from MessageEntity p where p.sessionPk = :session"
                            + " and p.id >= :from and p.id <= :last order by p.sessionPk, p.id", Object[].class)
                    .setParameter("session", span.getKey()).setParameter("from", before.isEmpty() ? span.getValue()[0] : before.get(0))
                    .setParameter("last", span.getValue()[1]).getResultList();
            for (int i = 0; i < run.size(); i++) {
                Long id = (Long) run.get(i)[0];
                if (!wanted.contains(id)) {
                    continue;
                }
                texts.put(id, IndexedText.ofMessage((String) run.get(i)[1], (String) run.get(i)[2]));
                if (i > 0) {
                    Object[] previous = run.get(i - 1);
                    previousOf.put(id, (Long) previous[0]);
                    texts.putIfAbsent((Long) previous[0], IndexedText.ofMessage((String) previous[1], (String) previous[2]));
                }
            }
        }
        Map<Long, float[]> ownById = new HashMap<>();
        texts.forEach((id, text) -> {
            OwnEmbedding kept = lastTurns.getIfPresent(id);
            if (kept != null && kept.text().equals(text)) {
                ownById.put(id, kept.vector());
            }
        });
        List<Long> order = texts.keySet().stream().filter(id -> !ownById.containsKey(id)).toList();
        List<float[]> own = embedder.embedAll(order.stream().map(texts::get).toList());
        for (int i = 0; i < order.size(); i++) {
            ownById.put(order.get(i), own.get(i));
        }
        for (long[] span : spanBySession.values()) {
            Long newest = span[1];
            if (ownById.containsKey(newest)) {
                lastTurns.put(newest, new OwnEmbedding(texts.get(newest), ownById.get(newest)));
            }
        }
        for (Long id : messageIds) {
            float[] v = ownById.get(id);
            if (v == null) {
                continue; // no such message
            }
            float[] previous = previousOf.containsKey(id) ? ownById.get(previousOf.get(id)) : null;
            vectors.put(id, previous == null ? v : combine(v, previous));
        }
        return vectors;
    }

    /**
     * A message's vector from its own embedding and the previous turn's: own + 0.5 · previous,
     * normalised (public for the benchmark, which seeds vectors exactly as the server makes them).
     */
    public static float[] combine(float[] own, float[] previous) {
        float[] v = new float[own.length];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = own[i] + PREVIOUS_TURN_WEIGHT * previous[i];
            norm += v[i] * v[i];
        }
        float scale = (float) (1 / Math.sqrt(Math.max(norm, 1e-12)));
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }
}
