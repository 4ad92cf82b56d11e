package dev.engram.index;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A test of a record's metadata that a database index can also run itself, so that a filtered
 * search does not read the metadata of every record in its scope.
 */
public interface SqlMetadataTest extends Predicate<Map<String, Object>> {

    /**
     * The same test as a SQL condition on the {@code jsonb} expression {@code jsonb} (PostgreSQL's
     * SQL/JSON path functions), appending what it binds to {@code parameters} in order; null when
     * it cannot be said in SQL (then the index tests the records' metadata with {@link #test}).
     */
    String sql(String jsonb, List<Object> parameters);
}
