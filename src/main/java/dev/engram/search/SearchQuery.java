package dev.engram.search;

import dev.engram.index.RecordKind;
import dev.engram.common.ApiException;
import java.util.Map;

/**
 * One validated search request, whichever route it came from.
 *
 * @param text       the query; blank means a metadata-only search
 * @param kind       what to search (messages by default)
 * @param mmr        rerank for diversity instead of plain relevance order
 * @param mmrLambda  relevance versus diversity for MMR, in [0, 1]
 * @param minScore   results scoring below are dropped
 * @param minFactRating facts rated below (or unrated) are dropped; facts only
 * @param filter     metadata and date filter
 * @param limit      maximum number of results
 */
public record SearchQuery(String text, RecordKind kind, boolean mmr, double mmrLambda, double minScore,
                          Double minFactRating, RecordFilter filter, int limit) {

    /** Zep's default weight of relevance against diversity. */
    public static final double DEFAULT_MMR_LAMBDA = 0.5;

    /** The same query asking for {@code n} results. */
    SearchQuery withLimit(int n) {
        return new SearchQuery(text, kind, mmr, mmrLambda, minScore, minFactRating, filter, n);
    }

    public boolean hasText() {
        return text != null && !text.isBlank();
    }

    /**
     * Checks and completes a request: a query needs text or a metadata filter, {@code mmr_lambda}
     * lies in [0, 1], {@code limit} is at least 1 (absent → {@code defaultLimit}, above
     * {@code maxLimit} → {@code maxLimit}).
     */
    public static SearchQuery of(String text, RecordKind kind, boolean mmr, Double mmrLambda, Double minScore,
                                 Double minFactRating, Map<String, Object> filter, String filterField,
                                 Integer limit, int defaultLimit, int maxLimit) {
        RecordFilter parsed = RecordFilter.parse(filter, filterField);
        boolean hasText = text != null && !text.isBlank();
        if (!hasText && parsed.isEmpty()) {
            throw ApiException.badRequest("text is empty and there is no " + filterField
                    + " filter: give a query text, a filter, or both");
        }
        if (limit != null && limit < 1) {
            throw ApiException.badRequest("limit must be at least 1");
        }
        if (mmrLambda != null && (mmrLambda.isNaN() || mmrLambda < 0 || mmrLambda > 1)) {
            throw ApiException.badRequest("mmr_lambda must be between 0 and 1");
        }
        if (minScore != null && minScore.isNaN() || minFactRating != null && minFactRating.isNaN()) {
            throw ApiException.badRequest("min_score and min_fact_rating must be numbers");
        }
        int effectiveLimit = limit == null ? defaultLimit : Math.min(limit, maxLimit);
        return new SearchQuery(hasText ? text : null, kind == null ? RecordKind.MESSAGE : kind, mmr,
                mmrLambda == null ? DEFAULT_MMR_LAMBDA : mmrLambda, minScore == null ? 0 : minScore,
                minFactRating, parsed, effectiveLimit);
    }
}
