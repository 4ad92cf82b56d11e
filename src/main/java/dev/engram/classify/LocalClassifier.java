package dev.engram.classify;

import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import dev.engram.message.Turn;
import dev.engram.text.Sentences;
import dev.engram.text.Words;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Classifies in-process: the conversation and every class are embedded, and each class is
 * scored by how close it is to the whole conversation, to the single closest user sentence and by
 * how many of its words the user actually used. Deterministic: same input, same class; ties go
 * to the class listed first.
 */
public class LocalClassifier implements Classifier {

    /** User turns say what the conversation is about; the assistant mostly echoes them. */
    static final double USER_WEIGHT = 2.0;
    private static final double CENTROID_WEIGHT = 0.5;
    private static final double CLOSEST_SENTENCE_WEIGHT = 0.3;
    private static final double LEXICAL_WEIGHT = 0.2;

    private final Embedder embedder;

    public LocalClassifier(Embedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public String classify(List<Turn> recent, List<String> classes, String instruction) {
        List<Turn> turns = recent.stream().filter(t -> !"system".equals(t.roleType()) && !t.content().isBlank()).toList();
        if (turns.isEmpty()) {
            turns = recent;
        }
        List<float[]> turnVectors = embedder.embedAll(turns.stream().map(Turn::content).toList());
        float[] conversation = weightedMean(turns, turnVectors);
        // One telling sentence ("I'm furious!") is diluted in its turn, so sentences are compared too.
        List<Turn> speakers = turns.stream().anyMatch(Turn::isUser) ? turns.stream().filter(Turn::isUser).toList() : turns;
        List<String> sentences = speakers.stream().flatMap(t -> Sentences.split(t.content()).stream()).toList();
        List<float[]> userVectors = sentences.isEmpty() ? turnVectors : embedder.embedAll(sentences);
        String userText = turns.stream().filter(Turn::isUser).map(Turn::content).collect(Collectors.joining(" "));
        String allText = turns.stream().map(Turn::content).collect(Collectors.joining(" "));

        List<float[]> classVectors = classVectors(classes, instruction);
        String best = classes.get(0);
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes.size(); c++) {
            float[] classVector = classVectors.get(c);
            double closestSentence = userVectors.stream().mapToDouble(v -> Vectors.cosine(v, classVector)).max().orElse(0);
            double lexical = Math.max(Words.overlap(classes.get(c), userText), 0.5 * Words.overlap(classes.get(c), allText));
            double score = CENTROID_WEIGHT * Vectors.cosine(conversation, classVector)
                    + CLOSEST_SENTENCE_WEIGHT * closestSentence
                    + LEXICAL_WEIGHT * lexical;
            if (score > bestScore + 1e-9) {
                bestScore = score;
                best = classes.get(c);
            }
        }
        return best;
    }

    /**
     * A class is embedded on its own; with an instruction, also in the instruction's context
     * ("intent of the user: travel") and the two are averaged, so the instruction can steer
     * ambiguous labels without drowning the differences between classes.
     */
    private List<float[]> classVectors(List<String> classes, String instruction) {
        List<float[]> plain = embedder.embedAll(classes);
        if (instruction == null || instruction.isBlank()) {
            return plain;
        }
        List<float[]> framed = embedder.embedAll(classes.stream().map(c -> instruction.strip() + ": " + c).toList());
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            vectors.add(Vectors.mean(List.of(plain.get(i), plain.get(i), framed.get(i))));
        }
        return vectors;
    }

    /** User turns count double, and later turns slightly more than earlier ones. */
    private static float[] weightedMean(List<Turn> turns, List<float[]> vectors) {
        float[] sum = new float[vectors.get(0).length];
        for (int i = 0; i < turns.size(); i++) {
            double weight = (turns.get(i).isUser() ? USER_WEIGHT : 1.0) * (1.0 + 0.25 * i / turns.size());
            float[] v = vectors.get(i);
            for (int d = 0; d < sum.length; d++) {
                sum[d] += (float) (weight * v[d]);
            }
        }
        return Vectors.normalize(sum);
    }
}
