package dev.engram.index;

/** What a search looks through (the wire's {@code search_scope}): each kind is indexed apart. */
public enum RecordKind {
    MESSAGE("message", true, false),
    SUMMARY("summary", true, false),
    FACT("fact", false, true);

    /** The name in the change log and in the index's field names. */
    final String code;
    public final boolean hasMetadata;
    public final boolean hasRating;

    RecordKind(String code, boolean hasMetadata, boolean hasRating) {
        this.code = code;
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
