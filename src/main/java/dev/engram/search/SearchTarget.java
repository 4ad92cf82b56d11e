package dev.engram.search;

import java.util.List;

/**
 * Which records a search may return: those of one user ({@code userPk}), of the listed
 * sessions ({@code sessionPks}), of both (the listed sessions of that user), or of everyone
 * when both are null. Internal ids, resolved and checked by {@link SearchService}.
 */
public record SearchTarget(Long userPk, List<Long> sessionPks) {

    public static SearchTarget everything() {
        return new SearchTarget(null, null);
    }

    /** True when the target is a session list with nothing in it: no query needed. */
    boolean isEmpty() {
        return sessionPks != null && sessionPks.isEmpty();
    }
}
