package dev.engram.index;

import dev.engram.embedding.Embedder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
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
 * message: the previous turn's is reused when it is embedded in the same call.
 */
@ApplicationScoped
public class MessageVectors {

    /** Weight of the previous turn's embedding against the message's own (1). */
    static final float PREVIOUS_TURN_WEIGHT = 0.5f;

    private final EntityManager em;
    private final Embedder embedder;

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
        for (Object[] row : em.createQuery("select m.id, m.sessionPk, m.role, m.content from MessageEntity m where m.id in :ids",
                Object[].class).setParameter("ids", messageIds).getResultList()) {
            Long id = (Long) row[0];
            texts.put(id, IndexedText.ofMessage((String) row[2], (String) row[3]));
            List<Object[]> previous = em.createQuery("select p.id, p.role, p.content from MessageEntity p"
                            + " where p.sessionPk = :session and p.id < :id order by p.id desc", Object[].class)
                    .setParameter("session", row[1]).setParameter("id", id).setMaxResults(1).getResultList();
            if (!previous.isEmpty()) {
                Long previousId = (Long) previous.get(0)[0];
                previousOf.put(id, previousId);
                texts.putIfAbsent(previousId, IndexedText.ofMessage((String) previous.get(0)[1], (String) previous.get(0)[2]));
            }
        }
        List<Long> order = new ArrayList<>(texts.keySet());
        List<float[]> own = embedder.embedAll(order.stream().map(texts::get).toList());
        Map<Long, float[]> ownById = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            ownById.put(order.get(i), own.get(i));
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

    private static float[] combine(float[] own, float[] previous) {
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
