package dev.engram.memory;

import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import dev.engram.index.IndexCandidate;
import dev.engram.index.IndexScope;
import dev.engram.index.SearchIndex;
import dev.engram.message.MessageService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Picks the facts most relevant to where a conversation is now: the facts whose meaning is
 * closest to the recent messages (the mean of their embeddings).
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
    static float[] conversationVector(List<MessageService.StoredVector> recent, Embedder embedder, boolean embedMissing) {
        List<float[]> vectors = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (MessageService.StoredVector m : recent) {
            if (m.embedding() != null && embedder.model().equals(m.model())) {
                vectors.add(Vectors.fromBytes(m.embedding()));
            } else if (m.content() != null && !m.content().isBlank()) {
                missing.add(m.content());
            }
        }
        if (embedMissing && !missing.isEmpty()) {
            vectors.addAll(embedder.embedAll(missing));
        }
        return Vectors.mean(vectors);
    }

    /**
     * The ids of the user's valid facts closest in meaning to the conversation, best first, read
     * from the search index (its vector search, restricted to the user's valid facts): nothing
     * loads every fact. Facts not embedded yet follow, newest first; without a conversation
     * vector the newest facts are taken.
     */
    static List<Long> rank(SearchIndex index, long userPk, Double minRating, float[] conversation, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        IndexScope scope = IndexScope.validFactsOf(userPk, minRating);
        if (conversation == null) {
            return index.newest(scope, limit);
        }
        return index.candidates(scope, null, conversation, limit).stream()
                .sorted(Comparator.comparingDouble((IndexCandidate c) -> Double.isNaN(c.cosine()) ? -2 : c.cosine()).reversed()
                        .thenComparing(IndexCandidate::id, Comparator.reverseOrder()))
                .limit(limit)
                .map(IndexCandidate::id)
                .toList();
    }
}
