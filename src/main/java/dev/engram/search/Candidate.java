package dev.engram.search;

import java.time.OffsetDateTime;

/**
 * A record as read for scoring, not yet what the API returns: its text (what is embedded), its
 * metadata and vector, and the words it is found by ({@code words}: a message's speaker and
 * content, see {@link dev.engram.message.MessageEntity#searchText}).
 */
record Candidate(long id, String text, String metadata, OffsetDateTime createdAt, byte[] embedding, String embeddingModel,
                 String words) {
}
