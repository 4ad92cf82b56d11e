package dev.engram;

import java.util.Map;

/** One deep-merge scenario shared by the user, session and message metadata tests. */
final class MetadataCases {

    /** What is stored first. */
    static final Map<String, Object> STORED = Map.of(
            "a", Map.of("x", 1, "y", 2, "deep", Map.of("p", 1)),
            "keep", "k",
            "over", "old",
            "list", java.util.List.of(1, 2));

    /** The update: nested keys, an overwrite, a new key, a replaced list and the reserved key. */
    static final Map<String, Object> PATCH = Map.of(
            "a", Map.of("y", 3, "z", 4, "deep", Map.of("q", 2)),
            "over", "new",
            "added", true,
            "list", java.util.List.of(3),
            "system", Map.of("s", 1));

    /** The merge result: nothing deleted, nested objects merged, `system` ignored. */
    static final Map<String, Object> MERGED = Map.of(
            "a", Map.of("x", 1, "y", 3, "z", 4, "deep", Map.of("p", 1, "q", 2)),
            "keep", "k",
            "over", "new",
            "added", true,
            "list", java.util.List.of(3));

    private MetadataCases() {
    }
}
