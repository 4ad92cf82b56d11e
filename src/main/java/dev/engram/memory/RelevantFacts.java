package dev.engram.memory;

import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import dev.engram.fact.FactEntity;
import dev.engram.message.MessageEntity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Picks the facts most relevant to where a conversation is now: the facts whose meaning is
 * closest to the recent messages (the mean of their embeddings). Facts not embedded yet rank
 * after the embedded ones, newest first; without any message vector the newest facts win.
 */
final class RelevantFacts {

    /** Messages that stand for "the conversation now" (two chat turns). */
    static final int RECENT_MESSAGES = 4;

    private RelevantFacts() {
    }

    /**
     * @param recent     the recent messages, any order
     * @param embedMissing whether to embed messages that have no vector yet (on the request path,
     *                   only when the caller asked for context on the messages just added)
     */
    static float[] conversationVector(List<MessageEntity> recent, Embedder embedder, boolean embedMissing) {
        List<float[]> vectors = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (MessageEntity m : recent) {
            if (m.embedding != null && embedder.model().equals(m.embeddingModel)) {
                vectors.add(Vectors.fromBytes(m.embedding));
            } else if (m.content != null && !m.content.isBlank()) {
                missing.add(m.content);
            }
        }
        if (embedMissing && !missing.isEmpty()) {
            vectors.addAll(embedder.embedAll(missing));
        }
        return Vectors.mean(vectors);
    }

    static List<FactEntity> rank(List<FactEntity> candidates, float[] conversation, String model, int limit) {
        record Scored(FactEntity fact, double score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (FactEntity fact : candidates) {
            boolean comparable = conversation != null && fact.embedding != null && model.equals(fact.embeddingModel);
            scored.add(new Scored(fact, comparable ? Vectors.cosine(Vectors.fromBytes(fact.embedding), conversation) : -2));
        }
        return scored.stream()
                .sorted(Comparator.comparingDouble(Scored::score).reversed()
                        .thenComparing(s -> s.fact().id, Comparator.reverseOrder()))
                .limit(Math.max(0, limit))
                .map(Scored::fact)
                .toList();
    }
}
