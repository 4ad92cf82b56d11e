package dev.engram.search;

import java.time.OffsetDateTime;

/** A record as read for scoring: its text, metadata and vector, not yet what the API returns. */
record Candidate(long id, String text, String metadata, OffsetDateTime createdAt, byte[] embedding, String embeddingModel) {
}
