package dev.engram.memory;

import dev.engram.common.ApiException;
import dev.engram.common.EngramConfig;
import dev.engram.common.JsonText;
import dev.engram.embedding.Embedder;
import dev.engram.fact.FactEntity;
import dev.engram.fact.FactService;
import dev.engram.index.IndexCandidate;
import dev.engram.index.IndexScope;
import dev.engram.index.SearchIndex;
import dev.engram.job.JobQueue;
import dev.engram.job.JobWorkers;
import dev.engram.message.MessageEmbeddings;
import dev.engram.message.MessageEntity;
import dev.engram.message.MessageService;
import dev.engram.session.SessionEntity;
import dev.engram.session.SessionService;
import dev.engram.summary.SummaryEntity;
import dev.engram.summary.SummaryService;
import dev.engram.user.UserEntity;
import dev.engram.user.UserNodeService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Assembles a session's memory: recent messages, relevant facts, context block, latest summary. */
@ApplicationScoped
public class MemoryService {

    private static final Logger LOG = Logger.getLogger(MemoryService.class);

    /** Messages returned when the caller does not say how many. */
    public static final int DEFAULT_LAST_N = 6;
    /** Facts of an entity line in the context block. */
    static final int ENTITY_FACTS = 3;
    /** Facts fetched from the index per entity before the ones that name it are picked. */
    static final int ENTITY_CANDIDATES = 20;
    /** At most this many facts from the index for all entities of one context together. */
    static final int MAX_ENTITY_CANDIDATES = 100;

    public record SessionMemory(List<MessageEntity> messages, List<FactEntity> relevantFacts, String context,
                                Optional<SummaryEntity> summary) {
    }

    private final SessionService sessions;
    private final MessageService messages;
    private final FactService facts;
    private final SummaryService summaries;
    private final UserNodeService userNodes;
    private final Embedder embedder;
    private final int relevantFactLimit;
    private final JobWorkers workers;
    private final SearchIndex index;
    private final long freshnessWaitMillis;
    private final JobQueue jobs;
    private final IngestJob ingest;
    private final MessageEmbeddings embeddings;

    public MemoryService(SessionService sessions, MessageService messages, FactService facts, SummaryService summaries,
                         UserNodeService userNodes, Embedder embedder, EngramConfig config, JobWorkers workers,
                         SearchIndex index, JobQueue jobs, IngestJob ingest, MessageEmbeddings embeddings) {
        this.workers = workers;
        this.jobs = jobs;
        this.ingest = ingest;
        this.embeddings = embeddings;
        this.index = index;
        this.freshnessWaitMillis = config.search().freshnessWait().toMillis();
        this.sessions = sessions;
        this.messages = messages;
        this.facts = facts;
        this.summaries = summaries;
        this.userNodes = userNodes;
        this.embedder = embedder;
        this.relevantFactLimit = config.intelligence().relevantFacts();
    }

    /**
     * Stores a batch of messages and starts what they feed into memory: queued for the
     * background workers, or, when derived work runs inline (mock mode), done in the same
     * transaction before this returns, so the answer and every read after it see it.
     */
    public List<MessageEntity> add(String sessionId, List<MessageService.NewMessage> batch, List<String> ignoreRoles) {
        List<String> ignored = ignoreRoles == null ? List.of() : ignoreRoles;
        if (workers.inline()) {
            try {
                Inline done = QuarkusTransaction.requiringNew().call(() -> addAndIngest(sessionId, batch, ignored));
                if (done.jobsWaiting()) {
                    // A summary now due, or work queued by other calls (facts added through the API)
                    workers.runInline(done.stored().get(0).sessionPk);
                }
                return done.stored();
            } catch (DerivedWorkFailed e) {
                // Rolled back with the batch: stored again below with the work queued, where it
                // is retried (and parked after repeated failures) like any job.
                LOG.warnf(e.getCause(), "derived memory of a batch for session %s failed inline; storing the batch"
                        + " with the work queued", sessionId);
            }
        }
        List<MessageEntity> stored = QuarkusTransaction.requiringNew().call(() -> {
            List<MessageEntity> added = messages.add(sessionId, batch);
            jobs.enqueue(IngestJob.KIND, added.get(0).sessionPk, JsonText.write(
                    new IngestJob.Payload(added.stream().map(m -> m.id).toList(), ignored)));
            return added;
        });
        workers.runInlineIfConfigured(stored.get(0).sessionPk);
        return stored;
    }

    private record Inline(List<MessageEntity> stored, boolean jobsWaiting) {
    }

    /** A failure of the derived work (not of storing the batch, whose errors go to the caller). */
    private static final class DerivedWorkFailed extends RuntimeException {
        DerivedWorkFailed(RuntimeException cause) {
            super(cause);
        }
    }

    /**
     * One transaction: the batch and its derived memory (no job row, claim or lease: nothing else
     * could run it), and whether the session has jobs to run after it commits.
     */
    private Inline addAndIngest(String sessionId, List<MessageService.NewMessage> batch, List<String> ignored) {
        List<MessageEntity> stored = messages.add(sessionId, batch);
        Long sessionPk = stored.get(0).sessionPk;
        try {
            ingest.ingest(SessionEntity.findById(sessionPk), stored, ignored);
        } catch (RuntimeException e) {
            throw new DerivedWorkFailed(e);
        }
        return new Inline(stored, jobs.hasRunnable(sessionPk));
    }

    public SessionMemory get(String sessionId, Integer lastN, Double minRating) {
        if (lastN != null && lastN < 0) {
            throw ApiException.badRequest("lastn must not be negative");
        }
        SessionEntity session = sessions.get(sessionId);
        int n = lastN == null || lastN == 0 ? DEFAULT_LAST_N : lastN;
        float[] conversation = conversationVector(session, false);
        List<FactEntity> relevant = relevantFacts(session, minRating, conversation);
        return new SessionMemory(messages.lastN(session, n), relevant, context(session, relevant, conversation),
                summaries.latest(session));
    }

    /**
     * The context block for the conversation as it is right after messages were added (what
     * {@code return_context} answers). Messages the workers have not embedded yet are embedded
     * here, on the request path, because the caller asked for the context now.
     */
    public String contextAfterAdd(String sessionId) {
        SessionEntity session = sessions.get(sessionId);
        float[] conversation = conversationVector(session, true);
        return context(session, relevantFacts(session, null, conversation), conversation);
    }

    /**
     * The mean vector of the recent messages, which ranks the user's facts. When message vectors
     * are made on demand (inline derived work), they are stored here first, and only when the
     * user has a valid fact: without one the vector changes nothing in the answer.
     *
     * @param embedMissing with background workers: embed (for this answer) the recent messages
     *     the workers have not embedded yet
     */
    private float[] conversationVector(SessionEntity session, boolean embedMissing) {
        if (embeddings.onDemand()) {
            index.awaitCurrent(freshnessWaitMillis);
            if (index.newest(IndexScope.validFactsOf(session.user.id, null), 1).isEmpty()) {
                return null;
            }
            embeddings.storeLast(session.id, RelevantFacts.RECENT_MESSAGES);
            embedMissing = false;
        }
        return RelevantFacts.conversationVector(messages.lastVectors(session, RelevantFacts.RECENT_MESSAGES), embedder,
                embedMissing);
    }

    private List<FactEntity> relevantFacts(SessionEntity session, Double minRating, float[] conversation) {
        // As fresh as a search: facts learnt before this request are in the answer.
        index.awaitCurrent(freshnessWaitMillis);
        return facts.inOrder(RelevantFacts.rank(index, session.user.id, minRating, conversation, relevantFactLimit));
    }

    /**
     * For each entity, the (at most {@link #ENTITY_FACTS}) valid facts that name it and are
     * closest in meaning to the conversation, found by one search of the index (the entities'
     * names and the conversation's vector) and one read of those facts: an entity named by
     * hundreds of facts (the other person of a two-person conversation) costs no more than one
     * named by three.
     */
    private Map<String, List<FactEntity>> entityFacts(Long userPk, java.util.Collection<String> names, float[] conversation) {
        List<IndexCandidate> found = index.candidates(IndexScope.validFactsOf(userPk, null), String.join(" ", names),
                        conversation, Math.min(ENTITY_CANDIDATES * names.size(), MAX_ENTITY_CANDIDATES)).stream()
                .filter(c -> c.text() != null)
                .sorted(Comparator.comparingDouble((IndexCandidate c) -> Double.isNaN(c.cosine()) ? -1 : c.cosine())
                        .thenComparingDouble(IndexCandidate::lexical).reversed())
                .toList();
        Map<String, List<Long>> ids = new LinkedHashMap<>();
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            ids.put(name, found.stream().filter(c -> c.text().toLowerCase(Locale.ROOT).contains(lower))
                    .limit(ENTITY_FACTS).map(IndexCandidate::id).toList());
        }
        Map<Long, FactEntity> byId = new java.util.HashMap<>();
        facts.inOrder(ids.values().stream().flatMap(List::stream).distinct().toList()).forEach(f -> byId.put(f.id, f));
        Map<String, List<FactEntity>> about = new LinkedHashMap<>();
        ids.forEach((name, list) -> about.put(name, list.stream().map(byId::get).filter(java.util.Objects::nonNull).toList()));
        return about;
    }

    /** The facts, then the entities: the user first, then what the facts name. */
    private String context(SessionEntity session, List<FactEntity> relevant, float[] conversation) {
        UserEntity user = session.user;
        UserNodeService.UserNode userNode = userNodes.node(user);
        List<ContextBlock.Entity> entities = new ArrayList<>();
        entities.add(new ContextBlock.Entity(userNode.name(), userNode.summary().isEmpty()
                ? "the user of this conversation" : userNode.summary()));
        List<String> userNames = new ArrayList<>(List.of(userNode.name().toLowerCase(Locale.ROOT), user.userId.toLowerCase(Locale.ROOT),
                "the user"));
        if (user.firstName != null) {
            userNames.add(user.firstName.toLowerCase(Locale.ROOT));
        }
        Map<String, String> named = new LinkedHashMap<>();
        for (FactEntity fact : relevant) {
            for (String name : new String[] {fact.sourceNodeName, fact.targetNodeName}) {
                if (name != null && !name.isBlank() && !userNames.contains(name.toLowerCase(Locale.ROOT))) {
                    named.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
                }
            }
        }
        if (!named.isEmpty()) {
            entityFacts(user.id, named.values(), conversation).forEach((name, about) -> entities.add(
                    new ContextBlock.Entity(name, UserNodeService.summaryOf(about.stream().map(f -> f.content).toList()))));
        }
        return ContextBlock.compose(relevant, entities);
    }
}
