package dev.engram.fact;

import dev.engram.common.JsonText;
import dev.engram.job.JobEntity;
import dev.engram.job.JobHandler;
import dev.engram.job.JobQueue;
import dev.engram.user.UserEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Embeds and rates facts outside the request that stored them: facts added through the API,
 * and all of a user's facts again when the user's or a session's rating instruction changes.
 * Safe to run twice: it recomputes the same vectors and ratings.
 */
@ApplicationScoped
public class FactEnrichJob implements JobHandler {

    public static final String KIND = "enrich-facts";

    /** The user whose facts to enrich and which ones (null: all of them, for a re-rating). */
    public record Payload(Long userPk, List<Long> factIds) {
    }

    private final FactLearning learning;

    public FactEnrichJob(FactLearning learning) {
        this.learning = learning;
    }

    /** Queues a re-rating of all of a user's facts, in the caller's transaction. */
    public static void enqueueRerate(JobQueue jobs, Long userPk, Long sessionPk) {
        jobs.enqueue(KIND, sessionPk, JsonText.write(new Payload(userPk, null)));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void handle(JobEntity job) {
        Payload payload = JsonText.read(job.payload, Payload.class);
        UserEntity user = UserEntity.findById(payload.userPk());
        if (user == null) {
            return; // deleted meanwhile
        }
        learning.enrich(user, payload.factIds());
    }
}
