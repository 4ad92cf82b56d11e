package dev.engram.index;

import dev.engram.common.JsonText;
import dev.engram.embedding.Vectors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads records from the database in the shape the index stores. The entities are named in the
 * queries, not imported: the feature packages write the change log, so this package must not
 * depend on them.
 */
@ApplicationScoped
class IndexRows {

    /**
     * With the turn before each message (same session, next lower id): its context words. The
     * turn before is found by one step backwards along the (session_pk, id) index; a
     * {@code max(q.id)} subquery instead read every earlier message of the session on H2, for
     * each message indexed (a rebuild of long sessions went quadratic).
     */
    private static final String MESSAGES = "select e.id, s.user.id, e.sessionPk, e.role, e.content, e.metadata, e.createdAt,"
            + " e.embedding, e.embeddingModel, cast(null as Double), p.role, p.content"
            + " from MessageEntity e join SessionEntity s on s.id = e.sessionPk"
            + " left join MessageEntity p on p.sessionPk = e.sessionPk and p.id = (select q.id from MessageEntity q"
            + " where q.sessionPk = e.sessionPk and q.id < e.id order by q.sessionPk desc, q.id desc limit 1) where 1 = 1";
    private static final String SUMMARIES = "select e.id, s.user.id, e.sessionPk, e.relatedMessageUuids, e.content, e.metadata,"
            + " e.createdAt, e.embedding, e.embeddingModel, cast(null as Double) from SummaryEntity e, SessionEntity s"
            + " where s.id = e.sessionPk";
    private static final String FACTS = "select e.id, e.userPk, e.sessionPk, cast(null as String), e.content,"
            + " cast(null as String), e.createdAt, e.embedding, e.embeddingModel, e.rating,"
            + " case when e.invalidAt is null then false else true end from FactEntity e where 1 = 1";

    private final EntityManager em;

    IndexRows(EntityManager em) {
        this.em = em;
    }

    /** The records of these ids that still exist (call in a transaction). */
    List<IndexedRecord> byIds(RecordKind kind, Collection<Long> ids, String model) {
        return read(kind, em.createQuery(select(kind) + " and e.id in :ids", Object[].class).setParameter("ids", ids)
                .getResultList(), model, this::foldedWords);
    }

    /** Up to {@code count} records with an id above {@code after}, in id order (a rebuild's pages). */
    List<IndexedRecord> page(RecordKind kind, long after, int count, String model) {
        return read(kind, em.createQuery(select(kind) + " and e.id > :after order by e.id", Object[].class)
                .setParameter("after", after).setMaxResults(count).getResultList(), model, this::foldedWords);
    }

    private static String select(RecordKind kind) {
        return switch (kind) {
            case MESSAGE -> MESSAGES;
            case SUMMARY -> SUMMARIES;
            case FACT -> FACTS;
        };
    }

    /**
     * The words of the messages a summary folds (its {@code related_message_uuids}). A summary is
     * found by them as well as by its own text: a summary is short and loses most names and
     * details, yet a search for one of them should still name the session that holds it.
     */
    private String foldedWords(Long sessionPk, String relatedUuids) {
        List<String> uuids = relatedUuids == null ? List.of() : JsonText.read(relatedUuids, STRINGS);
        if (uuids == null || uuids.isEmpty()) {
            return "";
        }
        List<java.util.UUID> parsed = uuids.stream().map(java.util.UUID::fromString).toList();
        StringBuilder words = new StringBuilder();
        for (Object[] m : em.createQuery("select m.role, m.content from MessageEntity m where m.sessionPk = :session"
                        + " and m.uuid in :uuids order by m.id", Object[].class)
                .setParameter("session", sessionPk).setParameter("uuids", parsed).getResultList()) {
            words.append('\n').append(IndexedText.ofMessage((String) m[0], (String) m[1]));
        }
        return words.toString();
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<List<String>> STRINGS = new com.fasterxml.jackson.core.type.TypeReference<>() {
    };

    private static List<IndexedRecord> read(RecordKind kind, List<Object[]> rows, String model,
                                            java.util.function.BiFunction<Long, String, String> folded) {
        List<IndexedRecord> records = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            String role = (String) row[3];
            String content = (String) row[4];
            byte[] embedding = (byte[]) row[7];
            float[] vector = embedding != null && model.equals(row[8]) ? Vectors.fromBytes(embedding) : null;
            String words = switch (kind) {
                case MESSAGE -> IndexedText.ofMessage(role, content);
                case SUMMARY -> content + folded.apply((Long) row[2], role);
                case FACT -> content;
            };
            // Facts: whether it still holds (column 10). Messages: the turn before it (columns 10, 11).
            boolean invalid = kind == RecordKind.FACT && Boolean.TRUE.equals(row[10]);
            String context = kind == RecordKind.MESSAGE && row[11] != null
                    ? IndexedText.ofMessage((String) row[10], (String) row[11]) : null;
            records.add(new IndexedRecord(kind, (Long) row[0], (Long) row[1], (Long) row[2], words, content,
                    (String) row[5], (OffsetDateTime) row[6], vector, (Double) row[9], invalid, context));
        }
        return records;
    }
}
