package dev.engram.index;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

/**
 * Where an index keeps its copy of the records: what {@link IndexFollower} writes as it follows
 * the database's change log. Lucene's directory ({@link LuceneStore}) and PostgreSQL's tables
 * ({@link PgIndexStore}) are the two; the follower (what to apply, in which order, when to
 * rebuild) is the same for both.
 */
interface IndexStore extends Closeable {

    /** Commit-data keys: how far the change log is applied, and what the copy was built from. */
    String CHECKPOINT = "checkpoint";
    String INSTALLATION = "installation";
    String MODEL = "model";
    String FORMAT = "format";

    /** Where it is, for logs and the status page. */
    String location();

    /** Bumped when the stored layout changes: a copy of another layout is rebuilt. */
    String formatVersion();

    /** Adds the record or replaces the copy of it. */
    void upsert(IndexedRecord record) throws IOException;

    void delete(RecordKind kind, long id) throws IOException;

    void deleteSession(long sessionPk) throws IOException;

    void deleteUser(long userPk) throws IOException;

    void deleteAll() throws IOException;

    /**
     * Said before a rebuild writes every record anew, after the copy was emptied: a store may
     * load faster in bulk (PostgreSQL builds its indexes once after the rows rather than row by
     * row). A rebuild cut short (a stop, a crash) leaves no checkpoint, so the next start
     * rebuilds again.
     */
    default void beginBulkLoad() throws IOException {
    }

    /** Said after a rebuild wrote its last record, before its checkpoint is committed. */
    default void endBulkLoad() throws IOException {
    }

    /** Makes the writes so far visible to searches: at once, or to the next search that begins. */
    void refresh() throws IOException;

    /** The data of the last commit (empty for a new copy). */
    Map<String, String> committed() throws IOException;

    /** Makes everything written so far durable, with the data that says what it reflects. */
    void commit(Map<String, String> data) throws IOException;
}
