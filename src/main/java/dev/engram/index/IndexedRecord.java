package dev.engram.index;

import java.time.OffsetDateTime;

/**
 * A record as the index holds it.
 *
 * @param words     what it is found by (see {@link IndexedText})
 * @param text      what its vector is made of
 * @param metadata  its metadata as JSON (null: none)
 * @param vector    its vector of the current model, or null
 * @param rating    a fact's rating (null: unrated, or not a fact)
 */
record IndexedRecord(RecordKind kind, long id, long userPk, Long sessionPk, String words, String text, String metadata,
                     OffsetDateTime createdAt, float[] vector, Double rating) {
}
