package dev.engram.search;

import dev.engram.index.RecordKind;
import dev.engram.api.SearchApi;
import dev.engram.api.model.MemorySearchPayload;
import dev.engram.api.model.MemorySearchResult;
import dev.engram.api.model.SearchScope;
import dev.engram.api.model.SearchType;
import dev.engram.api.model.SessionSearchQuery;
import dev.engram.api.model.SessionSearchResponse;
import dev.engram.api.model.SessionSearchResult;
import dev.engram.common.EngramConfig;
import dev.engram.common.JsonText;
import dev.engram.fact.FactMapper;
import dev.engram.message.MessageMapper;
import dev.engram.summary.SummaryMapper;
import java.util.List;
import java.util.Map;

/** The two search routes: wire types in, {@link SearchService} does the work, wire types out. */
public class SearchResource implements SearchApi {

    /** Results when the caller gives no {@code limit} (the legacy Zep server's default). */
    static final int DEFAULT_LIMIT = 10;

    private final SearchService search;
    private final EngramConfig config;

    public SearchResource(SearchService search, EngramConfig config) {
        this.search = search;
        this.config = config;
    }

    @Override
    public SessionSearchResponse searchSessions(SessionSearchQuery body, Integer limit) {
        SearchQuery query = SearchQuery.of(body.getText(), kind(body.getSearchScope()),
                body.getSearchType() == SearchType.MMR, body.getMmrLambda(), body.getMinScore(),
                body.getMinFactRating(), body.getRecordFilter(), "record_filter", limit, DEFAULT_LIMIT,
                config.limits().maxPageSize());
        List<SessionSearchResult> results = search.searchSessions(body.getUserId(), body.getSessionIds(), query).stream()
                .map(hit -> new SessionSearchResult()
                        .sessionId(hit.sessionId())
                        .score(hit.score())
                        .message(hit.message() == null ? null : MessageMapper.toApi(hit.message()))
                        .summary(hit.summary() == null ? null : SummaryMapper.toApi(hit.summary()))
                        .fact(hit.fact() == null ? null : FactMapper.toApi(hit.fact())))
                .toList();
        return new SessionSearchResponse().results(results);
    }

    @Override
    public List<MemorySearchResult> searchMemory(String sessionId, Integer limit, MemorySearchPayload payload) {
        MemorySearchPayload body = payload == null ? new MemorySearchPayload() : payload;
        SearchQuery query = SearchQuery.of(body.getText(), kind(body.getSearchScope()),
                body.getSearchType() == SearchType.MMR, body.getMmrLambda(), body.getMinScore(),
                body.getMinFactRating(), body.getMetadata(), "metadata", limit, DEFAULT_LIMIT,
                config.limits().maxPageSize());
        return search.searchSession(sessionId, query).stream()
                .map(hit -> new MemorySearchResult()
                        .message(hit.message() == null ? null : MessageMapper.toApi(hit.message()))
                        .summary(hit.summary() == null ? null : SummaryMapper.toApi(hit.summary()))
                        .metadata(metadataOf(hit))
                        .score(hit.score()))
                .toList();
    }

    private static Map<String, Object> metadataOf(SearchHit hit) {
        String stored = hit.message() != null ? hit.message().metadata : hit.summary().metadata;
        Map<String, Object> metadata = JsonText.readMap(stored);
        return metadata == null ? Map.of() : metadata;
    }

    private static RecordKind kind(SearchScope scope) {
        if (scope == null) {
            return RecordKind.MESSAGE;
        }
        return switch (scope) {
            case MESSAGES -> RecordKind.MESSAGE;
            case SUMMARY -> RecordKind.SUMMARY;
            case FACTS -> RecordKind.FACT;
        };
    }
}
