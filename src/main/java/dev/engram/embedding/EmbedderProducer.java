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

    /**
     * The embedder of the local classifier, extractor and question synthesizer, which compare
     * texts with texts and whose cue thresholds were set on all-MiniLM-L6-v2: that model when
     * the embedder is local (whatever model search uses), else the configured embedder.
     */
    @Produces
    @ApplicationScoped
    @CueModel
    Embedder cueEmbedder(EngramConfig config, Embedder embedder) {
        boolean local = config.intelligence().providerFor("embedder") == EngramConfig.Intelligence.Provider.local;
        if (!local || embedder.model().equals(LocalEmbedder.LocalModel.ALL_MINILM_L6_V2.name)) {
            return embedder;
        }
        return new LocalEmbedder(LocalEmbedder.LocalModel.ALL_MINILM_L6_V2);
    }
}
