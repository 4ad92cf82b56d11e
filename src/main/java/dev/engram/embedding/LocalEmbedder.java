package dev.engram.embedding;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * all-MiniLM-L6-v2 (quantized, 384 dimensions) running in-process through ONNX Runtime. The
 * model ships inside a Maven artifact: nothing is downloaded. Loading it costs a few hundred
 * MB and about a second, so it happens once, on first use, normally off the request path (the
 * background workers are its first users).
 */
public class LocalEmbedder implements Embedder {

    private static final Logger LOG = Logger.getLogger(LocalEmbedder.class);
    private static final String MODEL = "local/all-minilm-l6-v2-q";

    private volatile EmbeddingModel model;

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public float[] embed(String text) {
        return Vectors.normalize(loaded().embed(text == null ? "" : text).content().vector());
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<dev.langchain4j.data.segment.TextSegment> segments = texts.stream()
                .map(t -> dev.langchain4j.data.segment.TextSegment.from(t == null || t.isBlank() ? " " : t)).toList();
        return loaded().embedAll(segments).content().stream().map(e -> Vectors.normalize(e.vector())).toList();
    }

    private EmbeddingModel loaded() {
        EmbeddingModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                loaded = model;
                if (loaded == null) {
                    long start = System.nanoTime();
                    loaded = new AllMiniLmL6V2QuantizedEmbeddingModel();
                    model = loaded;
                    LOG.infof("Loaded the local embedding model %s in %d ms", MODEL, (System.nanoTime() - start) / 1_000_000);
                }
            }
        }
        return loaded;
    }
}
