package dev.engram.search;

/** What a search looks through (the wire's {@code search_scope}), with the entity that stores it. */
public enum RecordKind {
    MESSAGE("MessageEntity", true, false),
    SUMMARY("SummaryEntity", true, false),
    FACT("FactEntity", false, true);

    final String entity;
    final boolean hasMetadata;
    final boolean hasRating;

    RecordKind(String entity, boolean hasMetadata, boolean hasRating) {
        this.entity = entity;
        this.hasMetadata = hasMetadata;
        this.hasRating = hasRating;
    }
}
