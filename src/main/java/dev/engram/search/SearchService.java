package dev.engram.search;

import dev.engram.common.ApiException;
import dev.engram.common.JsonText;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import dev.engram.fact.FactEntity;
import dev.engram.message.MessageEntity;
import dev.engram.session.SessionEntity;
import dev.engram.session.SessionService;
import dev.engram.summary.SummaryEntity;
import dev.engram.user.UserEntity;
import dev.engram.user.UserService;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Hybrid search over messages, summaries and facts.
 *
 * <p>With query text: every record in the target is read once, page by page; each gets a
 * vector similarity (cosine of its stored embedding and the query's) and is counted into the
 * word statistics; after the last page, scores are fused ({@link HybridFusion}), the best are
 * kept in a bounded heap, optionally reranked by {@link MaximalMarginalRelevance}, and only
 * then are the winning rows loaded in full. A record without a vector of the current
 * {@link Embedder#model()} (not yet processed, or embedded by another model) is embedded on
 * the spot and its vector stored, so the next search finds it ready.
 *
 * <p>Without text (metadata-only): matches of the filter, newest first, each scoring 1.
 */
@ApplicationScoped
public class SearchService {

    private static final Logger LOG = Logger.getLogger(SearchService.class);

    /** Reranking looks at this many times the requested results (at least MMR_MIN_POOL). */
    static final int MMR_POOL_FACTOR = 4;
    static final int MMR_MIN_POOL = 20;
    /** MMR is quadratic in the pool; beyond this the pool is no larger than the limit. */
    static final int MMR_MAX_POOL = 500;

    private final SessionService sessions;
    private final UserService users;
    private final CandidateReader reader;
    private final Embedder embedder;
    private final EntityManager em;

    public SearchService(SessionService sessions, UserService users, CandidateReader reader, Embedder embedder,
                         EntityManager em) {
        this.sessions = sessions;
        this.users = users;
        this.reader = reader;
        this.embedder = embedder;
        this.em = em;
    }

    /** Searches one session's messages or summaries; 404 for an unknown session. */
    public List<SearchHit> searchSession(String sessionId, SearchQuery query) {
        SessionEntity session = sessions.get(sessionId);
        if (query.kind() == RecordKind.FACT) {
            throw ApiException.badRequest("search_scope facts is not available on a session search (its results "
                    + "carry a message or a summary); use POST /sessions/search with session_ids");
        }
        return search(new SearchTarget(null, List.of(session.id)), query);
    }

    /**
     * Searches across sessions: those of {@code userId} (404 when the user does not exist), those
     * listed in {@code sessionIds} (404 when one does not exist), the listed sessions of that user
     * when both are given, all sessions when neither is.
     */
    public List<SearchHit> searchSessions(String userId, List<String> sessionIds, SearchQuery query) {
        Long userPk = null;
        if (userId != null && !userId.isEmpty()) {
            userPk = users.get(userId).id;
        }
        List<Long> sessionPks = null;
        if (sessionIds != null) {
            sessionPks = new ArrayList<>();
            Set<String> distinct = new LinkedHashSet<>(sessionIds);
            for (String id : distinct) {
                SessionEntity session = sessions.get(id);
                UserEntity owner = session.user;
                if (userPk == null || owner.id.equals(userPk)) {
                    sessionPks.add(session.id);
                }
            }
        }
        return search(new SearchTarget(userPk, sessionPks), query);
    }

    List<SearchHit> search(SearchTarget target, SearchQuery query) {
        if (target.isEmpty()) {
            return List.of();
        }
        CandidateReader.Scope scope = new CandidateReader.Scope(query.kind(), target, query.filter(), query.minFactRating());
        List<ScoreBoard.Entry> ranked = query.hasText() ? rank(scope, query) : newestMatches(scope, query);
        return load(query.kind(), ranked);
    }

    private List<ScoreBoard.Entry> rank(CandidateReader.Scope scope, SearchQuery query) {
        float[] queryVector = embedder.embedQuery(query.text());
        LexicalScorer lexical = LexicalScorer.forQuery(query.text());
        ScoreBoard board = new ScoreBoard();
        reader.forEachPage(scope, page -> {
            List<Candidate> kept = matchingMetadata(page, query.filter());
            List<float[]> vectors = vectorsOf(query.kind(), kept);
            for (int i = 0; i < kept.size(); i++) {
                Candidate c = kept.get(i);
                board.add(c.id(), Vectors.cosine(queryVector, vectors.get(i)), lexical.observe(c.words()));
            }
        });
        if (!query.mmr()) {
            return board.top(query.limit(), lexical, query.minScore());
        }
        int pool = Math.max(query.limit(), Math.min(MMR_MAX_POOL, Math.max(MMR_MIN_POOL, query.limit() * MMR_POOL_FACTOR)));
        List<ScoreBoard.Entry> candidates = board.top(pool, lexical, query.minScore());
        return diversify(query, candidates);
    }

    /** Reorders the relevance pool by MMR and keeps {@code limit}; each keeps its relevance score. */
    private List<ScoreBoard.Entry> diversify(SearchQuery query, List<ScoreBoard.Entry> pool) {
        List<Long> ids = pool.stream().map(ScoreBoard.Entry::id).toList();
        Map<Long, Object[]> stored = reader.vectors(query.kind(), ids);
        double[] relevance = new double[pool.size()];
        List<float[]> vectors = new ArrayList<>(pool.size());
        for (int i = 0; i < pool.size(); i++) {
            relevance[i] = pool.get(i).score();
            Object[] vector = stored.get(pool.get(i).id());
            vectors.add(vector != null && embedder.model().equals(vector[1]) ? Vectors.fromBytes((byte[]) vector[0]) : null);
        }
        List<ScoreBoard.Entry> reordered = new ArrayList<>();
        for (int index : MaximalMarginalRelevance.select(relevance, vectors, query.mmrLambda(), query.limit())) {
            reordered.add(pool.get(index));
        }
        return reordered;
    }

    /** Metadata-only: filter matches newest first, stopping once there are enough. */
    private List<ScoreBoard.Entry> newestMatches(CandidateReader.Scope scope, SearchQuery query) {
        List<ScoreBoard.Entry> found = new ArrayList<>();
        if (query.minScore() > 1) {
            return found; // every match scores exactly 1
        }
        reader.forEachPageNewestFirst(scope, page -> {
            for (Candidate c : matchingMetadata(page, query.filter())) {
                found.add(new ScoreBoard.Entry(c.id(), 1.0));
                if (found.size() >= query.limit()) {
                    return false;
                }
            }
            return true;
        });
        return found;
    }

    private static List<Candidate> matchingMetadata(List<Candidate> page, RecordFilter filter) {
        if (!filter.hasWhere()) {
            return page;
        }
        List<Candidate> kept = new ArrayList<>(page.size());
        for (Candidate c : page) {
            if (filter.matchesMetadata(JsonText.readMap(c.metadata()))) {
                kept.add(c);
            }
        }
        return kept;
    }

    /** The candidates' vectors of the current model; missing ones are embedded now and stored. */
    private List<float[]> vectorsOf(RecordKind kind, List<Candidate> candidates) {
        List<float[]> vectors = new ArrayList<>(candidates.size());
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            boolean current = c.embedding() != null && embedder.model().equals(c.embeddingModel());
            vectors.add(current ? Vectors.fromBytes(c.embedding()) : null);
            if (!current) {
                missing.add(i);
            }
        }
        if (missing.isEmpty()) {
            return vectors;
        }
        List<float[]> embedded = embedder.embedAll(missing.stream().map(i -> candidates.get(i).text()).toList());
        Map<Long, float[]> toStore = new HashMap<>();
        for (int j = 0; j < missing.size(); j++) {
            vectors.set(missing.get(j), embedded.get(j));
            toStore.put(candidates.get(missing.get(j)).id(), embedded.get(j));
        }
        store(kind, toStore);
        return vectors;
    }

    /**
     * Saves vectors computed at query time. Best effort in a transaction of its own: the search
     * answers the same whether or not this succeeds (a concurrent delete, say).
     */
    private void store(RecordKind kind, Map<Long, float[]> vectors) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                for (Map.Entry<Long, float[]> entry : vectors.entrySet()) {
                    em.createQuery("update " + kind.entity + " e set e.embedding = :embedding, e.embeddingModel = :model"
                                    + " where e.id = :id")
                            .setParameter("embedding", Vectors.toBytes(entry.getValue()))
                            .setParameter("model", embedder.model())
                            .setParameter("id", entry.getKey())
                            .executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not store %d query-time embedding(s) of %s records", vectors.size(), kind);
        }
    }

    /** The full rows of the ranked ids, in rank order, with the session id each belongs to. */
    private List<SearchHit> load(RecordKind kind, List<ScoreBoard.Entry> ranked) {
        if (ranked.isEmpty()) {
            return List.of();
        }
        List<Long> ids = ranked.stream().map(ScoreBoard.Entry::id).toList();
        List<SearchHit> hits = new ArrayList<>(ranked.size());
        switch (kind) {
            case MESSAGE -> {
                Map<Long, MessageEntity> byId = byId(MessageEntity.list("id in ?1", ids), m -> m.id);
                Map<Long, String> sessionIds = sessionIds(byId.values().stream().map(m -> m.sessionPk).toList());
                for (ScoreBoard.Entry e : ranked) {
                    MessageEntity m = byId.get(e.id());
                    if (m != null) {
                        hits.add(new SearchHit(m, null, null, sessionIds.get(m.sessionPk), e.score()));
                    }
                }
            }
            case SUMMARY -> {
                Map<Long, SummaryEntity> byId = byId(SummaryEntity.list("id in ?1", ids), s -> s.id);
                Map<Long, String> sessionIds = sessionIds(byId.values().stream().map(s -> s.sessionPk).toList());
                for (ScoreBoard.Entry e : ranked) {
                    SummaryEntity s = byId.get(e.id());
                    if (s != null) {
                        hits.add(new SearchHit(null, s, null, sessionIds.get(s.sessionPk), e.score()));
                    }
                }
            }
            case FACT -> {
                Map<Long, FactEntity> byId = byId(FactEntity.list("id in ?1", ids), f -> f.id);
                Map<Long, String> sessionIds = sessionIds(byId.values().stream().map(f -> f.sessionPk).toList());
                for (ScoreBoard.Entry e : ranked) {
                    FactEntity f = byId.get(e.id());
                    if (f != null) {
                        hits.add(new SearchHit(null, null, f, f.sessionPk == null ? null : sessionIds.get(f.sessionPk), e.score()));
                    }
                }
            }
        }
        return hits;
    }

    private static <T extends PanacheEntityBase> Map<Long, T> byId(List<T> rows, Function<T, Long> id) {
        Map<Long, T> byId = new HashMap<>();
        for (T row : rows) {
            byId.put(id.apply(row), row);
        }
        return byId;
    }

    private Map<Long, String> sessionIds(List<Long> sessionPks) {
        List<Long> distinct = sessionPks.stream().filter(java.util.Objects::nonNull).distinct().toList();
        Map<Long, String> ids = new HashMap<>();
        if (distinct.isEmpty()) {
            return ids;
        }
        for (Object[] row : em.createQuery("select s.id, s.sessionId from SessionEntity s where s.id in :ids", Object[].class)
                .setParameter("ids", distinct).getResultList()) {
            ids.put((Long) row[0], (String) row[1]);
        }
        return ids;
    }
}
