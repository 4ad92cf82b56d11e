package dev.engram.memory;

import dev.engram.index.IndexChanges;
import dev.engram.index.MessageVectors;
import java.util.Map;
import dev.engram.index.RecordKind;

import dev.engram.common.EngramConfig;
import dev.engram.common.JsonText;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import dev.engram.fact.FactExtractor;
import dev.engram.fact.FactLearning;
import dev.engram.job.JobEntity;
import dev.engram.job.JobHandler;
import dev.engram.job.JobQueue;
import dev.engram.message.MessageEntity;
import dev.engram.message.Turn;
import dev.engram.session.SessionEntity;
import dev.engram.summary.SummarizeJob;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Derives what a batch of new messages feeds into memory, in a background worker after the
 * batch was committed: their embeddings (for search and relevance), the facts they teach about
 * the user (deduplicated, contradictions resolved, embedded and rated), then marks them
 * {@code processed} and queues a summary when enough messages are waiting for one. Messages
 * already processed are skipped, so running the job twice changes nothing.
 */
@ApplicationScoped
public class IngestJob implements JobHandler {

    public static final String KIND = "ingest";

    /** Earlier messages handed to the fact extractor for reference. */
    private static final int CONTEXT_MESSAGES = 6;

    private static final Logger LOG = Logger.getLogger(IngestJob.class);

    /** The job's payload: the batch's message ids and the role types not to learn facts from. */
    public record Payload(List<Long> messageIds, List<String> ignoreRoles) {
    }

    private final Embedder embedder;
    private final FactExtractor extractor;
    private final FactLearning learning;
    private final JobQueue jobs;
    private final int summaryWindow;

    private final IndexChanges indexChanges;
    private final MessageVectors messageVectors;

    public IngestJob(Embedder embedder, FactExtractor extractor, FactLearning learning, JobQueue jobs, EngramConfig config, IndexChanges indexChanges, MessageVectors messageVectors) {
        this.indexChanges = indexChanges;
        this.messageVectors = messageVectors;
        this.embedder = embedder;
        this.extractor = extractor;
        this.learning = learning;
        this.jobs = jobs;
        this.summaryWindow = config.intelligence().summaryWindow();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void handle(JobEntity job) {
        Payload payload = JsonText.read(job.payload, Payload.class);
        List<MessageEntity> messages = MessageEntity.list("id in ?1 and processed = false", Sort.by("id"), payload.messageIds());
        SessionEntity session = SessionEntity.findById(job.sessionPk);
        if (messages.isEmpty() || session == null) {
            return; // done before, or the session was deleted meanwhile
        }
        embed(messages);
        Set<String> ignored = payload.ignoreRoles() == null ? Set.of() : Set.copyOf(payload.ignoreRoles());
        List<Turn> learnFrom = messages.stream().filter(m -> !ignored.contains(m.roleType)).map(MessageEntity::toTurn).toList();
        if (!learnFrom.isEmpty()) {
            learning.learn(session, extractor.extract(new FactExtractor.Conversation(session.user.firstName,
                    earlierTurns(session.id, messages.get(0).id), learnFrom)));
        }
        for (MessageEntity message : messages) {
            message.processed = true;
        }
        SummarizeJob.enqueueIfDue(jobs, session, summaryWindow);
        LOG.debugf("ingested %d message(s) of session #%d", messages.size(), job.sessionPk);
    }

    private static List<Turn> earlierTurns(Long sessionPk, Long beforeId) {
        List<MessageEntity> newestFirst = MessageEntity.<MessageEntity>find("sessionPk = ?1 and id < ?2",
                Sort.descending("id"), sessionPk, beforeId).range(0, CONTEXT_MESSAGES - 1).list();
        List<Turn> turns = new ArrayList<>(newestFirst.stream().map(MessageEntity::toTurn).toList());
        Collections.reverse(turns);
        return turns;
    }

    private void embed(List<MessageEntity> messages) {
        List<MessageEntity> missing = messages.stream()
                .filter(m -> m.embedding == null || !embedder.model().equals(m.embeddingModel)).toList();
        if (missing.isEmpty()) {
            return;
        }
        Map<Long, float[]> byId = messageVectors.of(missing.stream().map(m -> m.id).toList());
        List<float[]> vectors = missing.stream().map(m -> byId.get(m.id)).toList();
        for (int i = 0; i < missing.size(); i++) {
            missing.get(i).embedding = Vectors.toBytes(vectors.get(i));
            missing.get(i).embeddingModel = embedder.model();
        }
        indexChanges.changed(RecordKind.MESSAGE, missing.stream().map(m -> m.id).toList());
    }
}
