package dev.engram.fact;

import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rates a fact by how close its meaning is to the instruction's example facts: the rating is the
 * average of the levels (high 1, medium 0.5, low 0) weighted by a softmax over the fact's cosine
 * similarity to each example, so a fact like the "high" example rates near 1. Without examples
 * the instruction text itself is the one anchor and the rating grows with the similarity to it.
 */
public class LocalFactRater implements FactRater {

    /** Softmax temperature: a cosine lead of 0.1 weighs about 7 times more. */
    private static final double TEMPERATURE = 0.05;
    /** Cosine similarity (sentence embeddings) below which a fact counts as unrelated, and at which it counts as on topic. */
    private static final double UNRELATED = 0.1;
    private static final double ON_TOPIC = 0.6;

    private final Embedder embedder;
    private final Map<String, float[]> anchors = new ConcurrentHashMap<>();

    public LocalFactRater(Embedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public List<Double> rate(RatingInstruction instruction, List<FactToRate> facts) {
        List<double[]> levels = new ArrayList<>(); // {level, anchor index}
        List<float[]> vectors = new ArrayList<>();
        RatingInstruction.Examples examples = instruction.examples();
        if (examples != null) {
            addAnchor(levels, vectors, examples.high(), 1.0);
            addAnchor(levels, vectors, examples.medium(), 0.5);
            addAnchor(levels, vectors, examples.low(), 0.0);
        }
        List<Double> ratings = new ArrayList<>(facts.size());
        for (FactToRate fact : facts) {
            float[] embedding = fact.embedding() != null ? fact.embedding() : embedder.embed(fact.text());
            if (vectors.isEmpty()) {
                double cosine = Vectors.cosine(embedding, anchor(instruction.instruction()));
                ratings.add(round(clamp((cosine - UNRELATED) / (ON_TOPIC - UNRELATED))));
                continue;
            }
            double weightSum = 0;
            double rating = 0;
            double[] cosines = new double[vectors.size()];
            double best = -1;
            for (int i = 0; i < vectors.size(); i++) {
                cosines[i] = Vectors.cosine(embedding, vectors.get(i));
                best = Math.max(best, cosines[i]);
            }
            for (int i = 0; i < vectors.size(); i++) {
                double weight = Math.exp((cosines[i] - best) / TEMPERATURE);
                weightSum += weight;
                rating += weight * levels.get(i)[0];
            }
            ratings.add(round(clamp(rating / weightSum)));
        }
        return ratings;
    }

    private void addAnchor(List<double[]> levels, List<float[]> vectors, String example, double level) {
        if (!RatingInstruction.blank(example)) {
            levels.add(new double[] {level});
            vectors.add(anchor(example));
        }
    }

    /** Example texts repeat for every fact of a user, so their vectors are kept. */
    private float[] anchor(String text) {
        if (anchors.size() > 10_000) {
            anchors.clear();
        }
        return anchors.computeIfAbsent(text.strip(), embedder::embed);
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
