package dev.engram.fact;

import dev.engram.common.EngramConfig;
import dev.engram.embedding.Embedder;
import dev.engram.llm.LlmClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/** Chooses the fact extractor and rater from {@code engram.intelligence.provider(s)}. */
@ApplicationScoped
public class FactIntelligenceProducer {

    private static final Logger LOG = Logger.getLogger(FactIntelligenceProducer.class);

    @Produces
    @ApplicationScoped
    FactExtractor factExtractor(EngramConfig config, LlmClient llm) {
        boolean useLlm = config.intelligence().providerFor("fact-extractor") == EngramConfig.Intelligence.Provider.llm;
        LOG.infof("Fact extraction: %s", useLlm ? "llm" : "local");
        return useLlm ? new LlmFactExtractor(llm) : new LocalFactExtractor();
    }

    @Produces
    @ApplicationScoped
    FactRater factRater(EngramConfig config, LlmClient llm, Embedder embedder) {
        boolean useLlm = config.intelligence().providerFor("fact-rater") == EngramConfig.Intelligence.Provider.llm;
        LOG.infof("Fact rating: %s", useLlm ? "llm" : "local");
        return useLlm ? new LlmFactRater(llm) : new LocalFactRater(embedder);
    }
}
