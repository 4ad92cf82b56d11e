package dev.engram.embedding;

import dev.engram.llm.LlmClient;
import java.util.List;

/** Embeddings from the configured OpenAI-compatible API. */
public class LlmEmbedder implements Embedder {

    private final LlmClient llm;

    public LlmEmbedder(LlmClient llm) {
        this.llm = llm;
    }

    @Override
    public String model() {
        return "llm/" + llm.embeddingModel();
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        return llm.embed(texts).stream().map(Vectors::normalize).toList();
    }
}
