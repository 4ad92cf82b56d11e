package dev.engram.llm;

import dev.engram.common.ErrorMapper;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A failing or unusable LLM API is not Engram's own fault and not the client's: it answers 502
 * (Bad Gateway) with a message naming the upstream problem, so operators can tell it from a bug.
 */
public class LlmErrorMapper {

    private static final Logger LOG = Logger.getLogger(LlmErrorMapper.class);

    @ServerExceptionMapper
    public Response llmFailure(LlmException e) {
        LOG.warnf("LLM request failed: %s", e.getMessage());
        return ErrorMapper.error(502, "bad gateway: the configured LLM failed: " + e.getMessage());
    }
}
