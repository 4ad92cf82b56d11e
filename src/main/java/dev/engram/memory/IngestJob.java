package dev.engram.memory;

import dev.engram.common.EngramConfig;
import dev.engram.common.JsonText;
import dev.engram.fact.FactExtractor;
import dev.engram.fact.FactLearning;
import dev.engram.job.JobEntity;
import dev.engram.job.JobHandler;
import dev.engram.job.JobQueue;
import dev.engram.message.MessageEmbeddings;
import dev.engram.message.MessageEntity;
import dev.engram.message.Turn;
import dev.engram.session.SessionEntity;
import dev.engram.summary.SummarizeJob;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Derives what a batch of new messages feeds into memory: their embeddings (for search and
 * relevance; when derived work runs inline, those are stored when first needed instead, see
 * {@link MessageEmbeddings}), the facts they teach about the user (deduplicated, contradictions
 * resolved, embedded and rated), then marks them {@code processed} and queues a summary when
 * enough messages are waiting for one. As a job, in a background worker after the batch was
 * committed; inline, in the transaction that stores the batch ({@link MemoryService#add}).
 * Messages already processed are skipped, so running the job twice changes nothing.
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

    private final MessageEmbeddings embeddings;
    private final FactExtractor extractor;
    private final FactLearning learning;
    private final JobQueue jobs;
    private final int summaryWindow;

    public IngestJob(MessageEmbeddings embeddings, FactExtractor extractor, FactLearning learning, JobQueue jobs,
                     EngramConfig config) {
        this.embeddings = embeddings;
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
        ingest(session, messages, payload.ignoreRoles() == null ? List.of() : payload.ignoreRoles());
    }

    /**
     * The derived work of a batch of one session's messages, oldest first, in the caller's
     * transaction.
     *
     * @param ignoreRoles role types not to learn facts from
     */
    public void ingest(SessionEntity session, List<MessageEntity> messages, Collection<String> ignoreRoles) {
        if (!embeddings.onDemand()) {
            embeddings.store(messages);
        }
        Set<String> ignored = Set.copyOf(ignoreRoles);
        List<Turn> learnFrom = messages.stream().filter(m -> !ignored.contains(m.roleType)).map(MessageEntity::toTurn).toList();
        if (!learnFrom.isEmpty()) {
            learning.learn(session, extractor.extract(new FactExtractor.Conversation(session.user.firstName,
                    earlierTurns(session.id, messages.get(0).id), learnFrom)));
        }
        for (MessageEntity message : messages) {
            message.processed = true;
        }
        SummarizeJob.enqueueIfDue(jobs, session, summaryWindow);
        LOG.debugf("ingested %d message(s) of session #%d", messages.size(), session.id);
    }

    private static List<Turn> earlierTurns(Long sessionPk, Long beforeId) {
        // Read backwards along the (session_pk, id) index from beforeId, not every earlier message
        // of the session: H2 needs both columns in the ORDER BY for that (see MessageService.list).
        List<MessageEntity> newestFirst = MessageEntity.<MessageEntity>find("sessionPk = ?1 and id < ?2",
                Sort.descending("sessionPk", "id"), sessionPk, beforeId).range(0, CONTEXT_MESSAGES - 1).list();
        List<Turn> turns = new ArrayList<>(newestFirst.stream().map(MessageEntity::toTurn).toList());
        Collections.reverse(turns);
        return turns;
    }
}
