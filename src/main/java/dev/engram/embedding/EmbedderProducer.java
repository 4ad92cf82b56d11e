package dev.engram.embedding;

import dev.engram.common.EngramConfig;
import dev.engram.llm.LlmClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/** Chooses the embedder from {@code engram.intelligence.provider(s)}. */
@ApplicationScoped
public class EmbedderProducer {

    private static final Logger LOG = Logger.getLogger(EmbedderProducer.class);

    @Produces
    @ApplicationScoped
    Embedder embedder(EngramConfig config, LlmClient llm) {
        Embedder embedder = config.intelligence().providerFor("embedder") == EngramConfig.Intelligence.Provider.llm
                ? new LlmEmbedder(llm) : new LocalEmbedder(LocalEmbedder.LocalModel.named(config.intelligence().localEmbeddingModel()));
        LOG.infof("Embeddings: %s", embedder.model());
        return embedder;
    }
}
