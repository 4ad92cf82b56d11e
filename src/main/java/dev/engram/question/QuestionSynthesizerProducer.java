package dev.engram.question;

import dev.engram.common.EngramConfig;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.CueModel;
import dev.engram.llm.LlmClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Chooses the synthesizer from {@code engram.intelligence.provider(s)} (capability {@code question-synthesizer}). */
@ApplicationScoped
public class QuestionSynthesizerProducer {

    static final String CAPABILITY = "question-synthesizer";

    @Produces
    @ApplicationScoped
    QuestionSynthesizer questionSynthesizer(EngramConfig config, @CueModel Embedder embedder, LlmClient llm) {
        return config.intelligence().providerFor(CAPABILITY) == EngramConfig.Intelligence.Provider.llm
                ? new LlmQuestionSynthesizer(llm) : new LocalQuestionSynthesizer(embedder);
    }
}
