package dev.engram.summary;

import dev.engram.index.IndexChanges;
import dev.engram.index.RecordKind;

import dev.engram.common.Clock;
import dev.engram.common.UuidSource;
import dev.engram.common.EngramConfig;
import dev.engram.common.JsonText;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import dev.engram.job.JobEntity;
import dev.engram.job.JobHandler;
import dev.engram.job.JobQueue;
import dev.engram.message.MessageEntity;
import dev.engram.session.SessionEntity;
import dev.engram.text.Tokens;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Progressive summaries: while a session has more than {@code summaryWindow} messages not yet
 * summarized, the oldest half of them is folded into a new summary that builds on the previous
 * one. Everything is derived from what is stored (the last summary's last message), so running
 * the job twice adds nothing the second time.
 */
@ApplicationScoped
public class SummarizeJob implements JobHandler {

    public static final String KIND = "summarize";

    private static final Logger LOG = Logger.getLogger(SummarizeJob.class);

    private final Summarizer summarizer;
    private final Embedder embedder;
    private final Clock clock;
    private final UuidSource uuids;
    private final int window;
    private final JobQueue jobs;

    /** The payload of a closing summary: fold everything left, however little. */
    static final String FINAL = "{\"final\":true}";

    private final IndexChanges indexChanges;

    public SummarizeJob(Summarizer summarizer, Embedder embedder, Clock clock, UuidSource uuids, EngramConfig config, IndexChanges indexChanges, JobQueue jobs) {
        this.indexChanges = indexChanges;
        this.jobs = jobs;
        this.uuids = uuids;
        this.summarizer = summarizer;
        this.embedder = embedder;
        this.clock = clock;
        this.window = Math.max(2, config.intelligence().summaryWindow());
    }

    /** Queues a summary for the session when it is due and none is waiting (caller's transaction). */
    public static void enqueueIfDue(JobQueue jobs, SessionEntity session, int window) {
        long after = SummaryService.latestOf(session.id).map(s -> s.lastMessagePk == null ? 0L : s.lastMessagePk).orElse(0L);
        // A query of its own, not Panache's count(): that one is translated to SQL again on every
        // call (a fifth of an inline add's CPU in make bench-mock's profile).
        long count = MessageEntity.getEntityManager().createQuery("select count(m) from MessageEntity m"
                + " where m.sessionPk = ?1 and m.id > ?2", Long.class).setParameter(1, session.id).setParameter(2, after)
                .getSingleResult();
        if (count > Math.max(2, window) && !jobs.hasPending(KIND, session.id)) {
            jobs.enqueue(KIND, session.id, "{}");
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void handle(JobEntity job) {
        // One summarizer per session at a time: two would fold the same messages twice.
        SessionEntity session = SessionEntity.getEntityManager().find(SessionEntity.class, job.sessionPk,
                LockModeType.PESSIMISTIC_WRITE);
        if (session == null) {
            return;
        }
        List<MessageEntity> pending = unsummarized(session.id);
        while (pending.size() > window) {
            fold(session, pending.subList(0, pending.size() / 2));
            pending = unsummarized(session.id);
        }
        if (FINAL.equals(job.payload) && !pending.isEmpty()) {
            fold(session, pending);
        }
    }

    private void fold(SessionEntity session, List<MessageEntity> folded) {
        Optional<SummaryEntity> previous = SummaryService.latestOf(session.id);
        String content = summarizer.summarize(previous.map(s -> s.content).orElse(null),
                folded.stream().map(MessageEntity::toTurn).toList(), session.user.firstName);
        store(session, content, folded);
    }

    /**
     * Queues the closing summary of a conversation that is over: its remaining messages (those a
     * running conversation keeps out of the summary, as the recent window) are folded in too, so
     * the session's summary covers all of it. Caller's transaction.
     */
    public static void enqueueFinal(JobQueue jobs, Long sessionPk) {
        jobs.enqueue(KIND, sessionPk, FINAL);
    }

    /** A session that ends gets its closing summary. */
    void onEnd(@jakarta.enterprise.event.Observes dev.engram.session.SessionEnded event) {
        enqueueFinal(jobs, event.sessionPk());
    }

    private void store(SessionEntity session, String content, List<MessageEntity> folded) {
        SummaryEntity summary = new SummaryEntity();
        summary.uuid = uuids.next();
        summary.sessionPk = session.id;
        summary.content = content;
        summary.tokenCount = Tokens.estimate(content);
        summary.relatedMessageUuids = JsonText.write(folded.stream().map(m -> m.uuid.toString()).toList());
        summary.lastMessagePk = folded.get(folded.size() - 1).id;
        summary.createdAt = clock.now();
        summary.embedding = Vectors.toBytes(embedder.embed(content));
        summary.embeddingModel = embedder.model();
        summary.persistAndFlush();
        indexChanges.changed(RecordKind.SUMMARY, summary.id);
        LOG.debugf("summarized %d message(s) of session #%d", folded.size(), session.id);
    }

    /** The session's messages after the last summarized one, oldest first. */
    static List<MessageEntity> unsummarized(Long sessionPk) {
        long after = SummaryService.latestOf(sessionPk).map(s -> s.lastMessagePk == null ? 0L : s.lastMessagePk).orElse(0L);
        return MessageEntity.list("sessionPk = ?1 and id > ?2", Sort.by("sessionPk", "id"), sessionPk, after);
    }
}
