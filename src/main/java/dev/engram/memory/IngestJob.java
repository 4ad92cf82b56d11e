package dev.engram.memory;

import dev.engram.common.JsonText;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import dev.engram.job.JobEntity;
import dev.engram.job.JobHandler;
import dev.engram.message.MessageEntity;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Derives what a batch of new messages feeds into memory: their embeddings (for search and
 * relevance), then marks them {@code processed}. Runs in a background worker after the batch
 * was committed; safe to run twice.
 */
@ApplicationScoped
public class IngestJob implements JobHandler {

    public static final String KIND = "ingest";

    private static final Logger LOG = Logger.getLogger(IngestJob.class);

    /** The job's payload: the batch's message ids and the role types not to learn facts from. */
    public record Payload(List<Long> messageIds, List<String> ignoreRoles) {
    }

    private final Embedder embedder;

    public IngestJob(Embedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void handle(JobEntity job) {
        Payload payload = JsonText.read(job.payload, Payload.class);
        List<MessageEntity> messages = MessageEntity.list("id in ?1", Sort.by("id"), payload.messageIds());
        if (messages.isEmpty()) {
            return; // the session was deleted meanwhile
        }
        embed(messages);
        for (MessageEntity message : messages) {
            message.processed = true;
        }
        LOG.debugf("ingested %d message(s) of session #%d", messages.size(), job.sessionPk);
    }

    private void embed(List<MessageEntity> messages) {
        List<MessageEntity> missing = messages.stream()
                .filter(m -> m.embedding == null || !embedder.model().equals(m.embeddingModel)).toList();
        if (missing.isEmpty()) {
            return;
        }
        List<float[]> vectors = embedder.embedAll(missing.stream().map(m -> m.content).toList());
        for (int i = 0; i < missing.size(); i++) {
            missing.get(i).embedding = Vectors.toBytes(vectors.get(i));
            missing.get(i).embeddingModel = embedder.model();
        }
    }
}
