package dev.engram.extract;

import dev.engram.common.EngramConfig;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.CueModel;
import dev.engram.llm.LlmClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Chooses the extractor from {@code engram.intelligence.provider(s)} (capability {@code extractor}). */
@ApplicationScoped
public class ExtractorProducer {

    static final String CAPABILITY = "extractor";

    @Produces
    @ApplicationScoped
    Extractor extractor(EngramConfig config, @CueModel Embedder embedder, LlmClient llm) {
        return config.intelligence().providerFor(CAPABILITY) == EngramConfig.Intelligence.Provider.llm
                ? new LlmExtractor(llm) : new LocalExtractor(embedder);
    }
}
