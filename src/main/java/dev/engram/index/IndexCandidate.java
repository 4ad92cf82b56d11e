package dev.engram.index;

/**
 * A record found by a search's words or by its meaning, with both signals, not yet ranked.
 *
 * @param id      the record's internal id
 * @param vector  its unit vector of the current model; null when it has none yet
 * @param cosine  similarity of {@code vector} and the query's; NaN when there is no vector
 * @param lexical word evidence in [0, 1] (see {@link SearchIndex#candidates})
 * @param text    what its vector is made of, to embed it on the spot when it has none
 */
public record IndexCandidate(long id, float[] vector, double cosine, double lexical, String text) {
}
