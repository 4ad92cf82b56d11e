package dev.engram.common;

/**
 * Validation of caller-chosen ids ({@code user_id}, {@code session_id}). The rules exclude ids
 * that cannot round-trip through the Python SDK, which inserts path parameters unescaped: a
 * {@code /}, {@code ?} or {@code #} would change the URL, and surrounding spaces get trimmed.
 */
public final class Ids {

    public static final int MAX_LENGTH = 255;

    private Ids() {
    }

    /** Returns the id when valid, else throws a 400 naming the field. */
    public static String requireValid(String field, String id) {
        String problem = problem(id);
        if (problem != null) {
            throw ApiException.badRequest(field + " " + problem);
        }
        return id;
    }

    static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "is required";
        }
        if (id.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        if (Character.isWhitespace(id.charAt(0)) || Character.isWhitespace(id.charAt(id.length() - 1))) {
            return "must not start or end with a space";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                return "must not contain control characters";
            }
            if (c == '/' || c == '?' || c == '#') {
                return "must not contain '/', '?' or '#'";
            }
        }
        return null;
    }
}
