package dev.engram.common;

/**
 * A 1-based page request. An absent size means "everything", which is still capped at the
 * configured maximum so one call cannot load an unbounded table.
 */
public record PageRequest(int number, int size) {

    public static PageRequest of(Integer number, Integer size, int maxSize) {
        int n = number == null ? 1 : number;
        if (n < 1) {
            throw ApiException.badRequest("page number must be at least 1");
        }
        if (size != null && size < 1) {
            throw ApiException.badRequest("page size must be at least 1");
        }
        int s = size == null ? maxSize : Math.min(size, maxSize);
        return new PageRequest(n, s);
    }

    public int offset() {
        return (int) Math.min(Integer.MAX_VALUE - size, (long) (number - 1) * size);
    }

    /** Inclusive index of the page's last row, as Panache's {@code range} wants it. */
    public int lastIndex() {
        return offset() + size - 1;
    }
}
