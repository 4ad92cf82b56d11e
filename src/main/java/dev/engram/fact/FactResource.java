package dev.engram.fact;

import dev.engram.api.FactsApi;
import dev.engram.api.model.AddFactsRequest;
import dev.engram.api.model.FactResponse;
import dev.engram.api.model.FactsResponse;
import dev.engram.api.model.NewFact;
import dev.engram.api.model.SuccessResponse;
import dev.engram.job.JobWorkers;
import java.util.ArrayList;
import java.util.List;

/** The fact routes of the contract; translation only, the logic is in {@link FactService}. */
public class FactResource implements FactsApi {

    private final FactService facts;
    private final JobWorkers workers;

    public FactResource(FactService facts, JobWorkers workers) {
        this.facts = facts;
        this.workers = workers;
    }

    @Override
    public SuccessResponse addSessionFacts(String sessionId, AddFactsRequest request) {
        List<String> texts = new ArrayList<>();
        if (request.getFacts() != null) {
            for (NewFact f : request.getFacts()) {
                texts.add(f == null ? null : f.getFact());
            }
        }
        List<FactEntity> stored = facts.add(sessionId, texts);
        if (!stored.isEmpty()) {
            // Inline (mock mode): their vectors and ratings before the answer, as for messages
            workers.runInlineIfConfigured(stored.get(0).sessionPk);
        }
        return new SuccessResponse().message("OK");
    }

    @Override
    public FactsResponse getSessionFacts(String sessionId, Double minRating) {
        return new FactsResponse().facts(FactMapper.toApi(facts.listForSession(sessionId, minRating)));
    }

    @Override
    public FactsResponse getUserFacts(String userId) {
        return new FactsResponse().facts(FactMapper.toApi(facts.listForUser(userId)));
    }

    @Override
    public FactResponse getFact(String factUUID) {
        return new FactResponse().fact(FactMapper.toApi(facts.get(factUUID)));
    }

    @Override
    public SuccessResponse deleteFact(String factUUID) {
        facts.delete(factUUID);
        return new SuccessResponse().message("deleted");
    }
}
