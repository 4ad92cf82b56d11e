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
 * @param invalid   a fact that no longer holds (it has an {@code invalid_at})
 * @param context   words that weigh less than its own: a message's previous turn (null: none)
 */
record IndexedRecord(RecordKind kind, long id, long userPk, Long sessionPk, String words, String text, String metadata,
                     OffsetDateTime createdAt, float[] vector, Double rating, boolean invalid, String context) {

    IndexedRecord(RecordKind kind, long id, long userPk, Long sessionPk, String words, String text, String metadata,
                  OffsetDateTime createdAt, float[] vector, Double rating, boolean invalid) {
        this(kind, id, userPk, sessionPk, words, text, metadata, createdAt, vector, rating, invalid, null);
    }

    IndexedRecord(RecordKind kind, long id, long userPk, Long sessionPk, String words, String text, String metadata,
                  OffsetDateTime createdAt, float[] vector, Double rating) {
        this(kind, id, userPk, sessionPk, words, text, metadata, createdAt, vector, rating, false, null);
    }
}
