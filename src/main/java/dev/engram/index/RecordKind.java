package dev.engram.index;

/** What a search looks through (the wire's {@code search_scope}): each kind is indexed apart. */
public enum RecordKind {
    MESSAGE("message", "MessageEntity", true, false),
    SUMMARY("summary", "SummaryEntity", true, false),
    FACT("fact", "FactEntity", false, true);

    /** The name in the change log and in the index's field names. */
    final String code;
    /** The entity in queries (named, not imported: feature packages depend on this one). */
    final String entity;
    public final boolean hasMetadata;
    public final boolean hasRating;

    RecordKind(String code, String entity, boolean hasMetadata, boolean hasRating) {
        this.code = code;
        this.entity = entity;
        this.hasMetadata = hasMetadata;
        this.hasRating = hasRating;
    }

    static RecordKind ofCode(String code) {
        for (RecordKind kind : values()) {
            if (kind.code.equals(code)) {
                return kind;
            }
        }
        return null;
    }
}
