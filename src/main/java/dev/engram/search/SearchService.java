package dev.engram.search;

import dev.engram.common.ApiException;
import dev.engram.common.EngramConfig;
import dev.engram.index.RecordKind;
import dev.engram.index.IndexCandidate;
import dev.engram.index.IndexScope;
import dev.engram.index.MessageVectors;
import dev.engram.index.SearchIndex;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import dev.engram.fact.FactEntity;
import dev.engram.message.MessageEmbeddings;
import dev.engram.message.MessageEntity;
import dev.engram.session.SessionEntity;
import dev.engram.session.SessionService;
import dev.engram.summary.SummaryEntity;
import dev.engram.user.UserEntity;
import dev.engram.user.UserService;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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
 * Hybrid search over messages, summaries and facts, read from the {@link SearchIndex}.
 *
 * <p>With query text: the index brings the best candidates by words (BM25) and, separately,
 * by meaning (nearest vectors), both restricted to the target and the filter; {@link Ranking}
 * fuses the two signals into one score, applies {@code min_score}, and keeps the best (or
 * reranks them by MMR); then the winning rows are loaded. A candidate not yet embedded (its
 * message not yet processed) is embedded on the spot for this answer only; its background job
 * stores the vector. When derived work runs inline (mock mode), message vectors are made when
 * first needed: a search of messages stores those its target lacks before it reads the index.
 *
 * <p>Without text (metadata-only): matches of the filter, newest first, each scoring 1.
 *
 * <p>Before reading the index a search waits (briefly) until everything committed before it is
 * indexed, so a client finds what it has just written.
 */
@ApplicationScoped
public class SearchService {

    private static final Logger LOG = Logger.getLogger(SearchService.class);

    private final SessionService sessions;
    private final UserService users;
    private final SearchIndex index;
    private final Embedder embedder;
    private final EntityManager em;
    private final long freshnessWaitMillis;
    private final MessageVectors messageVectors;
    private final MessageEmbeddings messageEmbeddings;

    public SearchService(SessionService sessions, UserService users, SearchIndex index, Embedder embedder,
                         EntityManager em, EngramConfig config, MessageVectors messageVectors,
                         MessageEmbeddings messageEmbeddings) {
        this.messageVectors = messageVectors;
        this.messageEmbeddings = messageEmbeddings;
        this.sessions = sessions;
        this.users = users;
        this.index = index;
        this.embedder = embedder;
        this.em = em;
        this.freshnessWaitMillis = config.search().freshnessWait().toMillis();
    }

    /** Searches one session's messages or summaries; 404 for an unknown session. */
    public List<SearchHit> searchSession(String sessionId, SearchQuery query) {
        SessionEntity session = sessions.get(sessionId);
        if (query.kind() == RecordKind.FACT) {
            throw ApiException.badRequest("search_scope facts is not available on a session search (its results "
                    + "carry a message or a summary); use POST /sessions/search with session_ids");
        }
        return search(new SearchTarget(null, List.of(session.id)), query, false);
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
        return search(new SearchTarget(userPk, sessionPks), query, true);
    }

    /**
     * @param acrossSessions a search across sessions names each session once in the summary
     *     scope: a session's summaries build on each other, so its best one stands for it, and the
     *     first results are not the same conversation summarized twice
     */
    List<SearchHit> search(SearchTarget target, SearchQuery query, boolean acrossSessions) {
        if (target.isEmpty()) {
            return List.of();
        }
        RecordFilter filter = query.filter();
        IndexScope scope = new IndexScope(query.kind(), target.userPk(), target.sessionPks(), filter.startDate(),
                filter.endDate(), query.minFactRating(), filter.metadataTest());
        if (query.kind() == RecordKind.MESSAGE && query.hasText()) {
            messageEmbeddings.storeMissing(target.userPk(), target.sessionPks());
        }
        if (!index.awaitCurrent(freshnessWaitMillis)) {
            LOG.debugf("search answered from an index still catching up (%s)", index.status().state());
        }
        if (query.kind() != RecordKind.SUMMARY || !acrossSessions) {
            return load(query.kind(), query.hasText() ? rank(scope, query) : newestMatches(scope, query));
        }
        SearchQuery wider = query.withLimit(Ranking.pool(query));
        List<SearchHit> hits = load(query.kind(), query.hasText() ? rank(scope, wider) : newestMatches(scope, wider));
        return bestPerSession(hits, query.limit());
    }

    private static List<SearchHit> bestPerSession(List<SearchHit> hits, int limit) {
        Set<String> named = new java.util.HashSet<>();
        List<SearchHit> out = new ArrayList<>();
        for (SearchHit hit : hits) {
            if (out.size() == limit) {
                break;
            }
            if (named.add(hit.sessionId())) {
                out.add(hit);
            }
        }
        return out;
    }

    private List<Ranking.Ranked> rank(IndexScope scope, SearchQuery query) {
        float[] queryVector = embedder.embedQuery(query.text());
        List<IndexCandidate> candidates = index.candidates(scope, query.text(), queryVector, Ranking.perSignal(query));
        return Ranking.rank(embedMissing(scope.kind(), candidates, queryVector), query);
    }

    /** Candidates without a vector (not yet processed) get one now, for this answer only. */
    private List<IndexCandidate> embedMissing(RecordKind kind, List<IndexCandidate> candidates, float[] queryVector) {
        List<IndexCandidate> missing = candidates.stream().filter(c -> c.vector() == null).toList();
        if (missing.isEmpty()) {
            return candidates;
        }
        List<float[]> vectors;
        if (kind == RecordKind.MESSAGE) {
            Map<Long, float[]> byId = messageVectors.of(missing.stream().map(IndexCandidate::id).toList());
            vectors = missing.stream().map(c -> byId.containsKey(c.id()) ? byId.get(c.id()) : embedder.embed(c.text())).toList();
        } else {
            vectors = embedder.embedAll(missing.stream().map(IndexCandidate::text).toList());
        }
        java.util.Map<Long, float[]> byId = new HashMap<>();
        for (int i = 0; i < missing.size(); i++) {
            byId.put(missing.get(i).id(), vectors.get(i));
        }
        List<IndexCandidate> complete = new ArrayList<>(candidates.size());
        for (IndexCandidate c : candidates) {
            float[] v = byId.get(c.id());
            complete.add(v == null ? c : new IndexCandidate(c.id(), v, Vectors.cosine(queryVector, v), c.lexical(), c.text()));
        }
        return complete;
    }

    /** Metadata-only: filter matches newest first, each scoring 1. */
    private List<Ranking.Ranked> newestMatches(IndexScope scope, SearchQuery query) {
        if (query.minScore() > 1) {
            return List.of(); // every match scores exactly 1
        }
        return index.newest(scope, query.limit()).stream().map(id -> new Ranking.Ranked(id, 1.0)).toList();
    }

    /** The full rows of the ranked ids, in rank order, with the session id each belongs to. */
    private List<SearchHit> load(RecordKind kind, List<Ranking.Ranked> ranked) {
        if (ranked.isEmpty()) {
            return List.of();
        }
        List<Long> ids = ranked.stream().map(Ranking.Ranked::id).toList();
        List<SearchHit> hits = new ArrayList<>(ranked.size());
        switch (kind) {
            case MESSAGE -> {
                Map<Long, MessageEntity> byId = byId(MessageEntity.list("id in ?1", ids), m -> m.id);
                Map<Long, String> sessionIds = sessionIds(byId.values().stream().map(m -> m.sessionPk).toList());
                for (Ranking.Ranked e : ranked) {
                    MessageEntity m = byId.get(e.id());
                    if (m != null) {
                        hits.add(new SearchHit(m, null, null, sessionIds.get(m.sessionPk), e.score()));
                    }
                }
            }
            case SUMMARY -> {
                Map<Long, SummaryEntity> byId = byId(SummaryEntity.list("id in ?1", ids), s -> s.id);
                Map<Long, String> sessionIds = sessionIds(byId.values().stream().map(s -> s.sessionPk).toList());
                for (Ranking.Ranked e : ranked) {
                    SummaryEntity s = byId.get(e.id());
                    if (s != null) {
                        hits.add(new SearchHit(null, s, null, sessionIds.get(s.sessionPk), e.score()));
                    }
                }
            }
            case FACT -> {
                Map<Long, FactEntity> byId = byId(FactEntity.list("id in ?1", ids), f -> f.id);
                Map<Long, String> sessionIds = sessionIds(byId.values().stream().map(f -> f.sessionPk).toList());
                for (Ranking.Ranked e : ranked) {
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
