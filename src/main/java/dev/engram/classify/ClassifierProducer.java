package dev.engram.classify;

import dev.engram.common.EngramConfig;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.CueModel;
import dev.engram.llm.LlmClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Chooses the classifier from {@code engram.intelligence.provider(s)} (capability {@code classifier}). */
@ApplicationScoped
public class ClassifierProducer {

    static final String CAPABILITY = "classifier";

    @Produces
    @ApplicationScoped
    Classifier classifier(EngramConfig config, @CueModel Embedder embedder, LlmClient llm) {
        return config.intelligence().providerFor(CAPABILITY) == EngramConfig.Intelligence.Provider.llm
                ? new LlmClassifier(llm) : new LocalClassifier(embedder);
    }
}
