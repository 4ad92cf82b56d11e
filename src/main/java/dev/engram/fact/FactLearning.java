package dev.engram.fact;

import dev.engram.index.IndexCandidate;
import dev.engram.index.IndexChanges;
import dev.engram.index.IndexScope;
import dev.engram.index.SearchIndex;
import dev.engram.index.RecordKind;

import dev.engram.common.Clock;
import dev.engram.common.UuidSource;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import dev.engram.session.SessionEntity;
import dev.engram.user.UserEntity;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Turns extracted facts into stored knowledge about a user: a fact the user already has (same
 * text, same relation to the same entity, or a near-identical meaning) is not stored again; a
 * fact that replaces a single-valued one (a new city for LIVES_IN) ends the old one's validity;
 * every stored fact is embedded and, when the user or session has a rating instruction, rated.
 */
@ApplicationScoped
public class FactLearning {

    private static final Logger LOG = Logger.getLogger(FactLearning.class);

    /**
     * Cosine similarity of the facts' vectors (the configured embedder's, bge-small-en-v1.5 by
     * default; the value was set on all-MiniLM-L6-v2) above which two facts say the same thing.
     * Chosen high: "Ada lives in Lisbon" / "Ada lives in Porto" are close too, and must stay apart;
     * such pairs are told apart first by their differing target entities (see sameFact).
     */
    static final double SAME_MEANING = 0.93;

    private final Embedder embedder;
    private final FactRater rater;
    private final Clock clock;
    private final UuidSource uuids;

    private final IndexChanges indexChanges;
    private final SearchIndex index;

    /** How long learning waits for facts committed just before (by any replica) to become searchable. */
    static final long INDEX_WAIT_MILLIS = 2_000;
    /** Nearest facts by meaning looked at for each new one. */
    static final int NEAREST = 5;

    public FactLearning(Embedder embedder, FactRater rater, Clock clock, UuidSource uuids, IndexChanges indexChanges,
                        SearchIndex index) {
        this.indexChanges = indexChanges;
        this.index = index;
        this.uuids = uuids;
        this.embedder = embedder;
        this.rater = rater;
        this.clock = clock;
    }

    /** Stores what is new among {@code extracted} for the session's user; returns the stored facts. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<FactEntity> learn(SessionEntity session, List<ExtractedFact> extracted) {
        if (extracted.isEmpty()) {
            return List.of();
        }
        // One writer per user at a time, so two sessions of a user cannot store the same fact twice.
        UserEntity.getEntityManager().lock(session.user, LockModeType.PESSIMISTIC_WRITE);
        List<float[]> vectors = vectorsOf(session.user.id, extracted);
        List<FactEntity> known = relatedValidFacts(session.user.id, extracted, vectors);
        OffsetDateTime now = clock.now();
        List<FactEntity> stored = new ArrayList<>();
        List<FactEntity> invalidated = new ArrayList<>();
        for (int i = 0; i < extracted.size(); i++) {
            ExtractedFact candidate = extracted.get(i);
            float[] vector = vectors.get(i);
            if (known.stream().anyMatch(f -> sameFact(f, candidate, vector))) {
                continue;
            }
            FactEntity fact = new FactEntity();
            fact.uuid = uuids.next();
            fact.userPk = session.user.id;
            fact.sessionPk = session.id;
            fact.content = candidate.fact();
            fact.name = candidate.name();
            fact.sourceNodeName = candidate.sourceNodeName();
            fact.targetNodeName = candidate.targetNodeName();
            fact.sourceMessageUuid = candidate.sourceMessageUuid();
            fact.validAt = candidate.validAt() != null ? Clock.normalize(candidate.validAt()) : now;
            fact.createdAt = now;
            fact.embedding = Vectors.toBytes(vector);
            fact.embeddingModel = embedder.model();
            if (candidate.singleValued()) {
                invalidated.addAll(resolveContradictions(fact, known, now));
            }
            fact.persist();
            known.add(fact);
            stored.add(fact);
        }
        rate(session.user, stored);
        // The facts a new one ended are re-indexed too: context and relevant facts leave them out.
        indexChanges.changed(RecordKind.FACT, java.util.stream.Stream.concat(stored.stream(), invalidated.stream())
                .map(f -> f.id).distinct().toList());
        LOG.debugf("learnt %d of %d extracted fact(s) for user #%d", stored.size(), extracted.size(), session.user.id);
        return stored;
    }

    /**
     * The vectors of the extracted facts. A fact whose exact wording the user already has a fact
     * of, embedded by the current model, takes that fact's stored vector: it is what embedding
     * the same text again gives, and a conversation restates what its user said before often
     * (the embeddings of new facts were a quarter of the background work's waiting on the model,
     * JFR during the benchmark's drain). The others are embedded in one call.
     */
    private List<float[]> vectorsOf(Long userPk, List<ExtractedFact> extracted) {
        List<String> texts = extracted.stream().map(ExtractedFact::fact).toList();
        Map<String, float[]> byText = new HashMap<>();
        for (Object[] row : UserEntity.getEntityManager().createQuery("select f.content, f.embedding from FactEntity f"
                        + " where f.userPk = :user and f.content in :texts and f.embeddingModel = :model"
                        + " and f.embedding is not null", Object[].class)
                .setParameter("user", userPk).setParameter("texts", new HashSet<>(texts))
                .setParameter("model", embedder.model()).getResultList()) {
            byText.putIfAbsent((String) row[0], Vectors.fromBytes((byte[]) row[1]));
        }
        List<String> missing = texts.stream().filter(t -> !byText.containsKey(t)).distinct().toList();
        List<float[]> embedded = embedder.embedAll(missing);
        for (int i = 0; i < missing.size(); i++) {
            byText.put(missing.get(i), embedded.get(i));
        }
        return texts.stream().map(byText::get).toList();
    }

    /**
     * Embeds the given facts of a user when they lack a current vector and (re-)rates them; with
     * {@code factIds} null, all of the user's facts.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enrich(UserEntity user, List<Long> factIds) {
        List<FactEntity> facts = factIds == null ? FactEntity.list("userPk", Sort.by("id"), user.id)
                : FactEntity.list("userPk = ?1 and id in ?2", Sort.by("id"), user.id, factIds);
        List<FactEntity> missing = facts.stream()
                .filter(f -> f.embedding == null || !embedder.model().equals(f.embeddingModel)).toList();
        if (!missing.isEmpty()) {
            List<float[]> vectors = embedder.embedAll(missing.stream().map(f -> f.content).toList());
            for (int i = 0; i < missing.size(); i++) {
                missing.get(i).embedding = Vectors.toBytes(vectors.get(i));
                missing.get(i).embeddingModel = embedder.model();
            }
        }
        rate(user, facts);
        indexChanges.changed(RecordKind.FACT, facts.stream().map(f -> f.id).toList());
    }

    /** Rates facts by the user's instruction, else their session's; facts without one stay unrated. */
    void rate(UserEntity user, List<FactEntity> facts) {
        RatingInstruction userInstruction = RatingInstruction.parse(user.factRatingInstruction);
        Map<Long, RatingInstruction> bySession = new HashMap<>();
        Map<RatingInstruction, List<FactEntity>> groups = new HashMap<>();
        for (FactEntity fact : facts) {
            RatingInstruction instruction = userInstruction != null ? userInstruction
                    : bySession.computeIfAbsent(fact.sessionPk, FactLearning::sessionInstruction);
            if (instruction == null) {
                fact.rating = null;
            } else {
                groups.computeIfAbsent(instruction, k -> new ArrayList<>()).add(fact);
            }
        }
        groups.forEach((instruction, group) -> {
            List<Double> ratings = rater.rate(instruction, group.stream()
                    .map(f -> new FactRater.FactToRate(f.content, Vectors.fromBytes(f.embedding))).toList());
            for (int i = 0; i < group.size(); i++) {
                group.get(i).rating = ratings.get(i);
            }
        });
    }

    private static RatingInstruction sessionInstruction(Long sessionPk) {
        SessionEntity session = sessionPk == null ? null : SessionEntity.findById(sessionPk);
        return session == null ? null : RatingInstruction.parse(session.factRatingInstruction);
    }

    /**
     * The user's valid facts that a new one could repeat or replace, oldest first — not all of
     * them (a user with thousands of facts would make every step load them all): those with the
     * same text, those of the same relation from the same subject (repeats and contradictions),
     * and the nearest by meaning in the search index (near-identical wording).
     */
    private List<FactEntity> relatedValidFacts(Long userPk, List<ExtractedFact> extracted, List<float[]> vectors) {
        Set<String> texts = new HashSet<>();
        Set<String> names = new HashSet<>();
        Set<String> sources = new HashSet<>();
        for (ExtractedFact f : extracted) {
            texts.add(normalized(f.fact()));
            names.add(f.name());
            sources.add(f.sourceNodeName() == null ? "" : f.sourceNodeName());
        }
        Map<Long, FactEntity> related = new TreeMap<>();
        FactEntity.<FactEntity>list("userPk = ?1 and invalidAt is null and (lower(content) in ?2"
                        + " or (name in ?3 and sourceNodeName in ?4))", userPk, texts, names, sources)
                .forEach(f -> related.put(f.id, f));
        // Facts learnt just before, by this process or another replica (whose ingest of the same
        // user's other session may have committed a moment ago), are findable.
        index.awaitAllCommitted(INDEX_WAIT_MILLIS);
        Set<Long> near = new HashSet<>();
        IndexScope scope = IndexScope.validFactsOf(userPk, null);
        for (float[] vector : vectors) {
            for (IndexCandidate candidate : index.candidates(scope, null, vector, NEAREST)) {
                if (candidate.cosine() >= SAME_MEANING && !related.containsKey(candidate.id())) {
                    near.add(candidate.id());
                }
            }
        }
        if (!near.isEmpty()) {
            FactEntity.<FactEntity>list("userPk = ?1 and invalidAt is null and id in ?2", userPk, near)
                    .forEach(f -> related.put(f.id, f));
        }
        return new ArrayList<>(related.values());
    }

    /** The user's facts that are still true, oldest first. */
    static List<FactEntity> validFacts(Long userPk) {
        return new ArrayList<>(FactEntity.list("userPk = ?1 and invalidAt is null", Sort.by("id"), userPk));
    }

    private boolean sameFact(FactEntity known, ExtractedFact candidate, float[] vector) {
        if (normalized(known.content).equals(normalized(candidate.fact()))) {
            return true;
        }
        boolean sameRelation = known.name != null && known.name.equalsIgnoreCase(candidate.name())
                && equalsIgnoreCase(known.sourceNodeName, candidate.sourceNodeName());
        if (sameRelation && equalsIgnoreCase(known.targetNodeName, candidate.targetNodeName())) {
            return true; // "Ada is a nurse" and "Ada works as a nurse"
        }
        if (known.targetNodeName != null && candidate.targetNodeName() != null
                && !known.targetNodeName.equalsIgnoreCase(candidate.targetNodeName())) {
            return false; // about different things, however alike the wording
        }
        return embedder.model().equals(known.embeddingModel)
                && Vectors.cosine(Vectors.fromBytes(known.embedding), vector) >= SAME_MEANING;
    }

    /**
     * A single-valued relation holds one value at a time: the newer fact ends the older one's
     * validity (and the old record expires now). A fact learnt late about an earlier time (a
     * backfilled message) is itself the outdated one.
     */
    private static List<FactEntity> resolveContradictions(FactEntity fact, List<FactEntity> known, OffsetDateTime now) {
        List<FactEntity> ended = new ArrayList<>();
        for (FactEntity old : known) {
            boolean contradicts = old.invalidAt == null && fact.name.equalsIgnoreCase(old.name)
                    && equalsIgnoreCase(old.sourceNodeName, fact.sourceNodeName)
                    && !equalsIgnoreCase(old.targetNodeName, fact.targetNodeName);
            if (!contradicts) {
                continue;
            }
            if (old.validAt != null && fact.validAt.isBefore(old.validAt)) {
                fact.invalidAt = old.validAt;
                fact.expiredAt = now;
            } else {
                old.invalidAt = fact.validAt;
                old.expiredAt = now;
                ended.add(old);
            }
        }
        known.removeIf(f -> f.invalidAt != null);
        return ended;
    }

    static String normalized(String text) {
        return text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s]+", " ").replaceAll("[.!]+$", "");
    }

    private static boolean equalsIgnoreCase(String a, String b) {
        return a == null ? b == null : b != null && a.equalsIgnoreCase(b);
    }
}
