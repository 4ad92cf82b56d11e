package dev.engram.search;

import dev.engram.message.MessageEntity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the records a search looks at, one page at a time (keyset paging, so each row is read
 * once and memory holds one page), with only the columns scoring needs. The target, the date
 * bounds and the minimum fact rating are applied in SQL; the JSONPath part of a filter is not
 * expressible portably (H2 has no jsonpath), so it is applied by the caller.
 */
@ApplicationScoped
public class CandidateReader {

    static final int PAGE_SIZE = 256;

    private final EntityManager em;

    public CandidateReader(EntityManager em) {
        this.em = em;
    }

    /** The conditions a search puts on the rows it reads. */
    record Scope(RecordKind kind, SearchTarget target, RecordFilter filter, Double minFactRating) {
    }

    /** Every candidate in id order, page by page, until {@code consumer} has seen them all. */
    void forEachPage(Scope scope, Consumer<List<Candidate>> consumer) {
        Long after = null;
        while (true) {
            Map<String, Object> params = new LinkedHashMap<>();
            StringBuilder where = conditions(scope, params);
            if (after != null) {
                where.append(" and e.id > :after");
                params.put("after", after);
            }
            List<Candidate> page = read(scope.kind(), where + " order by e.id", params);
            if (page.isEmpty()) {
                return;
            }
            consumer.accept(page);
            if (page.size() < PAGE_SIZE) {
                return;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    /**
     * Candidates newest first (created_at, then id), page by page, while {@code consumer}
     * returns true — metadata-only searches stop as soon as they have enough matches.
     */
    void forEachPageNewestFirst(Scope scope, java.util.function.Predicate<List<Candidate>> consumer) {
        Candidate last = null;
        while (true) {
            Map<String, Object> params = new LinkedHashMap<>();
            StringBuilder where = conditions(scope, params);
            if (last != null) {
                where.append(" and (e.createdAt < :lastAt or (e.createdAt = :lastAt and e.id < :lastId))");
                params.put("lastAt", last.createdAt());
                params.put("lastId", last.id());
            }
            List<Candidate> page = read(scope.kind(), where + " order by e.createdAt desc, e.id desc", params);
            if (page.isEmpty() || !consumer.test(page) || page.size() < PAGE_SIZE) {
                return;
            }
            last = page.get(page.size() - 1);
        }
    }

    /** Stored vectors of the given records (id → [embedding bytes, model]), for reranking. */
    Map<Long, Object[]> vectors(RecordKind kind, List<Long> ids) {
        Map<Long, Object[]> vectors = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return vectors;
        }
        List<Object[]> rows = em.createQuery("select e.id, e.embedding, e.embeddingModel from " + kind.entity
                + " e where e.id in :ids", Object[].class).setParameter("ids", ids).getResultList();
        for (Object[] row : rows) {
            vectors.put((Long) row[0], new Object[] {row[1], row[2]});
        }
        return vectors;
    }

    private StringBuilder conditions(Scope scope, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        SearchTarget target = scope.target();
        if (target.sessionPks() != null) {
            where.append(" and e.sessionPk in :sessionPks");
            params.put("sessionPks", target.sessionPks());
        }
        if (target.userPk() != null) {
            // Facts belong to a user directly (some to no session); the rest through their session.
            where.append(scope.kind() == RecordKind.FACT
                    ? " and e.userPk = :userPk"
                    : " and e.sessionPk in (select s.id from SessionEntity s where s.user.id = :userPk)");
            params.put("userPk", target.userPk());
        }
        RecordFilter filter = scope.filter();
        if (filter.startDate() != null) {
            where.append(" and e.createdAt >= :startDate");
            params.put("startDate", filter.startDate());
        }
        if (filter.endDate() != null) {
            where.append(" and e.createdAt <= :endDate");
            params.put("endDate", filter.endDate());
        }
        if (scope.kind().hasRating && scope.minFactRating() != null) {
            where.append(" and e.rating >= :minFactRating"); // unrated facts are left out, as by memory reads
            params.put("minFactRating", scope.minFactRating());
        }
        return where;
    }

    private List<Candidate> read(RecordKind kind, String where, Map<String, Object> params) {
        String metadata = kind.hasMetadata ? "e.metadata" : "cast(null as String)";
        String speaker = kind == RecordKind.MESSAGE ? "e.role" : "cast(null as String)";
        TypedQuery<Object[]> query = em.createQuery("select e.id, e.content, " + metadata
                + ", e.createdAt, e.embedding, e.embeddingModel, " + speaker + " from " + kind.entity + " e" + where,
                Object[].class);
        params.forEach(query::setParameter);
        query.setMaxResults(PAGE_SIZE);
        List<Candidate> page = new ArrayList<>();
        for (Object[] row : query.getResultList()) {
            String content = (String) row[1];
            page.add(new Candidate((Long) row[0], content, (String) row[2], (OffsetDateTime) row[3],
                    (byte[]) row[4], (String) row[5],
                    kind == RecordKind.MESSAGE ? MessageEntity.searchText((String) row[6], content) : content));
        }
        return page;
    }
}
