package dev.engram.embedding;

import java.util.List;

/**
 * Turns text into a vector whose cosine similarity to another text's vector says how close
 * their meanings are. Vectors are unit length, so cosine similarity is a dot product.
 */
public interface Embedder {

    /** A name for the model; vectors of different models are never compared. */
    String model();

    float[] embed(String text);

    /** The length of its vectors (by default found by embedding a word). */
    default int dimensions() {
        return embed("dimensions").length;
    }

    /**
     * The vector of a search query, to compare with {@link #embed} vectors of stored texts.
     * Retrieval models trained with an instruction for queries (BGE) add it here.
     */
    default float[] embedQuery(String text) {
        return embed(text);
    }

    default List<float[]> embedAll(List<String> texts) {
        return texts.stream().map(this::embed).toList();
    }
}
