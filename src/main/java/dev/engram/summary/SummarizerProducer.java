package dev.engram.summary;

import dev.engram.common.EngramConfig;
import dev.engram.embedding.Embedder;
import dev.engram.llm.LlmClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/** Chooses the summarizer from {@code engram.intelligence.provider(s)}. */
@ApplicationScoped
public class SummarizerProducer {

    private static final Logger LOG = Logger.getLogger(SummarizerProducer.class);

    @Produces
    @ApplicationScoped
    Summarizer summarizer(EngramConfig config, LlmClient llm, Embedder embedder) {
        boolean useLlm = config.intelligence().providerFor("summarizer") == EngramConfig.Intelligence.Provider.llm;
        LOG.infof("Summaries: %s", useLlm ? "llm" : "local");
        return useLlm ? new LlmSummarizer(llm) : new LocalSummarizer(embedder);
    }
}
