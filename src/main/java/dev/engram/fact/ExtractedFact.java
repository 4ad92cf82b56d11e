package dev.engram.fact;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A fact learnt from a message, before it is stored.
 *
 * @param fact           a short third-person statement ("Ada lives in Lisbon")
 * @param name           the relation, upper snake case ("LIVES_IN")
 * @param singleValued   whether the subject can have only one such relation at a time (a new
 *                       city for LIVES_IN replaces the old one)
 */
public record ExtractedFact(String fact, String name, String sourceNodeName, String targetNodeName,
                            boolean singleValued, UUID sourceMessageUuid, OffsetDateTime validAt) {
}
