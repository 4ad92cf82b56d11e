package dev.engram.embedding;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A small sentence-embedding model (quantized, 384 dimensions) running in-process through ONNX
 * Runtime. The model ships inside a Maven artifact: nothing is downloaded. Loading it costs a
 * few hundred MB and about a second, so it happens once, on first use, normally off the request
 * path (the background workers are its first users).
 */
public class LocalEmbedder implements Embedder {

    private static final Logger LOG = Logger.getLogger(LocalEmbedder.class);

    /** The models to choose from ({@code engram.intelligence.local-embedding-model}). */
    public enum LocalModel {
        ALL_MINILM_L6_V2("all-minilm-l6-v2", "local/all-minilm-l6-v2-q", 384, "", AllMiniLmL6V2QuantizedEmbeddingModel::new),
        /** Trained for retrieval: queries carry its instruction, passages are embedded as they are. */
        BGE_SMALL_EN_V15("bge-small-en-v1.5", "local/bge-small-en-v1.5-q", 384,
                "Represent this sentence for searching relevant passages: ", BgeSmallEnV15QuantizedEmbeddingModel::new);

        final String setting;
        final String name;
        final int dimensions;
        final String queryInstruction;
        final Supplier<EmbeddingModel> load;

        LocalModel(String setting, String name, int dimensions, String queryInstruction, Supplier<EmbeddingModel> load) {
            this.setting = setting;
            this.name = name;
            this.dimensions = dimensions;
            this.queryInstruction = queryInstruction;
            this.load = load;
        }

        public static LocalModel named(String setting) {
            return Arrays.stream(values()).filter(m -> m.setting.equalsIgnoreCase(setting.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("engram.intelligence.local-embedding-model: unknown model '"
                            + setting + "' (known: " + Arrays.stream(values()).map(m -> m.setting).toList() + ")"));
        }
    }

    private final LocalModel choice;
    private volatile EmbeddingModel model;

    public LocalEmbedder(LocalModel choice) {
        this.choice = choice;
    }

    @Override
    public String model() {
        return choice.name;
    }

    /** Known without loading the model, which is loaded on first use (not at start). */
    @Override
    public int dimensions() {
        return choice.dimensions;
    }

    @Override
    public float[] embed(String text) {
        return Vectors.normalize(loaded().embed(text == null || text.isBlank() ? " " : text).content().vector());
    }

    @Override
    public float[] embedQuery(String text) {
        return embed(choice.queryInstruction + (text == null ? "" : text));
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
                    loaded = choice.load.get();
                    model = loaded;
                    LOG.infof("Loaded the local embedding model %s in %d ms", choice.name, (System.nanoTime() - start) / 1_000_000);
                }
            }
        }
        return loaded;
    }
}
