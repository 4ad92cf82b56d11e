package dev.engram.search;

import dev.engram.fact.FactEntity;
import dev.engram.message.MessageEntity;
import dev.engram.summary.SummaryEntity;

/** One result: exactly one of message, summary or fact; the session it belongs to (may be null for facts). */
public record SearchHit(MessageEntity message, SummaryEntity summary, FactEntity fact, String sessionId, double score) {
}
