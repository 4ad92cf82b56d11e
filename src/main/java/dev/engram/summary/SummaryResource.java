package dev.engram.summary;

import dev.engram.api.SummariesApi;
import dev.engram.api.model.Summary;
import dev.engram.api.model.SummaryListResponse;
import java.util.List;

/** The summary routes of the contract. */
public class SummaryResource implements SummariesApi {

    private final SummaryService summaries;

    public SummaryResource(SummaryService summaries) {
        this.summaries = summaries;
    }

    @Override
    public SummaryListResponse getSummaries(String sessionId) {
        List<Summary> items = summaries.list(sessionId).stream().map(SummaryMapper::toApi).toList();
        return new SummaryListResponse().summaries(items).totalCount((long) items.size()).rowCount(items.size());
    }
}
