package dev.engram.common;

import java.util.LinkedHashMap;
import java.util.Map;

/** The metadata rules shared by users, sessions and messages. */
public final class Metadata {

    /** Top-level key that belongs to the server; callers cannot write it. */
    public static final String RESERVED_KEY = "system";

    private Metadata() {
    }

    /** A caller's metadata with the reserved key removed; {@code null} stays {@code null}. */
    public static Map<String, Object> fromCaller(Map<String, Object> metadata) {
        if (metadata == null) {
            return null;
        }
        Map<String, Object> copy = new LinkedHashMap<>(metadata);
        copy.remove(RESERVED_KEY);
        return copy;
    }

    /**
     * Deep-merges a caller's patch into the stored metadata and returns the result: nested
     * objects are merged, other values overwrite, keys are never deleted. A {@code null} or
     * empty patch leaves the stored value as it is.
     */
    public static Map<String, Object> merge(Map<String, Object> stored, Map<String, Object> patch) {
        Map<String, Object> clean = fromCaller(patch);
        if (clean == null || clean.isEmpty()) {
            return stored;
        }
        Map<String, Object> result = stored == null ? new LinkedHashMap<>() : new LinkedHashMap<>(stored);
        mergeInto(result, clean);
        return result;
    }

    @SuppressWarnings("unchecked")
    private static void mergeInto(Map<String, Object> target, Map<String, Object> patch) {
        for (Map.Entry<String, Object> entry : patch.entrySet()) {
            Object current = target.get(entry.getKey());
            Object incoming = entry.getValue();
            if (current instanceof Map && incoming instanceof Map) {
                Map<String, Object> nested = new LinkedHashMap<>((Map<String, Object>) current);
                mergeInto(nested, (Map<String, Object>) incoming);
                target.put(entry.getKey(), nested);
            } else {
                target.put(entry.getKey(), incoming);
            }
        }
    }
}
