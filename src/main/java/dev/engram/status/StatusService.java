package dev.engram.status;

import dev.engram.api.model.IndexStatus;
import dev.engram.api.model.Job;
import dev.engram.api.model.JobCounts;
import dev.engram.api.model.ServerStatus;
import dev.engram.common.ApiException;
import dev.engram.common.EngramConfig;
import dev.engram.index.SearchIndex;
import dev.engram.job.JobEntity;
import dev.engram.job.JobQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an operator looks at: the job queue, its parked jobs, the search index, the models. */
@ApplicationScoped
public class StatusService {

    static final int MAX_PARKED = 100;
    static final List<String> CAPABILITIES = List.of("embedder", "fact-extractor", "fact-rater", "summarizer",
            "classifier", "extractor", "question-synthesizer");

    private final JobQueue jobs;
    private final SearchIndex index;
    private final EngramConfig config;

    public StatusService(JobQueue jobs, SearchIndex index, EngramConfig config) {
        this.jobs = jobs;
        this.index = index;
        this.config = config;
    }

    @Transactional
    public ServerStatus status() {
        Map<String, Long> counts = jobs.countByStatus();
        SearchIndex.IndexStatus is = index.status();
        return new ServerStatus()
                .jobs(new JobCounts()
                        .pending(counts.getOrDefault(JobEntity.PENDING, 0L))
                        .running(counts.getOrDefault(JobEntity.RUNNING, 0L))
                        .parked(counts.getOrDefault(JobEntity.PARKED, 0L)))
                .parkedJobs(jobs.parked(MAX_PARKED).stream().map(p -> toApi(p.job(), p.sessionId())).toList())
                .index(new IndexStatus().implementation(is.implementation()).state(is.state())
                        .checkpoint(is.checkpoint()).documents(is.documents()))
                .models(models());
    }

    public Job retry(String jobId) {
        long id;
        try {
            id = Long.parseLong(jobId);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("job " + jobId);
        }
        JobQueue.Retry retry = jobs.retry(id).orElseThrow(() -> ApiException.notFound("job " + jobId));
        if (!retry.retried()) {
            throw ApiException.conflict("job " + jobId + " is " + retry.job().status + ", not parked");
        }
        return toApi(retry.job(), retry.sessionId());
    }

    private Map<String, String> models() {
        EngramConfig.Intelligence intelligence = config.intelligence();
        Map<String, String> models = new LinkedHashMap<>();
        boolean llm = false;
        for (String capability : CAPABILITIES) {
            EngramConfig.Intelligence.Provider provider = intelligence.providerFor(capability);
            models.put(capability, provider.name());
            llm |= provider == EngramConfig.Intelligence.Provider.llm && !capability.equals("embedder");
        }
        models.put("embedding_model", intelligence.providerFor("embedder") == EngramConfig.Intelligence.Provider.llm
                ? config.llm().embeddingModel() : intelligence.localEmbeddingModel());
        if (llm) {
            models.put("chat_model", config.llm().chatModel());
        }
        return models;
    }

    private static Job toApi(JobEntity job, String sessionId) {
        return new Job().id(job.id).kind(job.kind).status(Job.StatusEnum.fromValue(job.status))
                .sessionId(sessionId).attempts(job.attempts).lastError(job.lastError)
                .createdAt(job.createdAt).updatedAt(job.updatedAt);
    }
}
