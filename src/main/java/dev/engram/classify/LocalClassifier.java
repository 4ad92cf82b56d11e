package dev.engram.classify;

import dev.engram.embedding.Embedder;
import dev.engram.embedding.Vectors;
import dev.engram.message.Turn;
import dev.engram.text.TextAnalysis;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Classifies in-process: the conversation and every class are embedded, and each class is
 * scored by how close it is to the whole conversation, to the single closest user sentence, by
 * how many of its words the user actually used and, when the class is named like a common
 * intent (buying, support, billing, small talk …), by how typical the sentences are of it. Deterministic: same input, same class; ties go
 * to the class listed first.
 */
public class LocalClassifier implements Classifier {

    /** User turns say what the conversation is about; the assistant mostly echoes them. */
    static final double USER_WEIGHT = 2.0;
    private static final double CENTROID_WEIGHT = 0.5;
    private static final double CLOSEST_SENTENCE_WEIGHT = 0.3;
    private static final double LEXICAL_WEIGHT = 0.2;

    /** Weight of how typical the user's sentences are of a class's intent (see {@link #INTENTS}). */
    static final double INTENT_WEIGHT = 0.35;
    /** A class takes an intent's cues when its name is at least this close to the intent's. */
    static final double INTENT_MATCH = 0.55;
    private static final double ASSISTANT_INTENT_WEIGHT = 0.5;

    /**
     * Common conversational intents, each named and shown by a few typical user sentences. A class
     * whose name is close to an intent's name ("purchase", "buying a product", "shopping") is
     * also recognised by those sentences: "About 1200 euros" says little about "buying a
     * product" by itself, but is close to "My budget is about 500". General, for any classes.
     */
    record Intent(String name, List<String> cues) {
    }

    static final List<Intent> INTENTS = List.of(
            new Intent("buying or purchasing a product, shopping, a sales inquiry", List.of(
                    "I want to buy a new one.", "I need a new laptop for work.", "Which model would you recommend?",
                    "How much does it cost?", "My budget is about 500 dollars.", "I'm looking for something cheap.",
                    "Do you have it in stock?", "I'd like to order two of them.", "What price range are you thinking of?",
                    "Around 300 euros, not more.", "Could you show me a few options?")),
            new Intent("technical support, a technical problem, troubleshooting", List.of(
                    "It stopped working.", "It keeps crashing and disconnecting.", "I get an error message.",
                    "I restarted it but the problem is still there.", "The light is blinking and nothing happens.",
                    "How do I fix this?", "The update failed and now it won't start.", "The connection is very slow.")),
            new Intent("billing question, payments, invoices, charges and refunds", List.of(
                    "I was charged twice.", "I want a refund.", "There is a wrong amount on my invoice.",
                    "My payment did not go through.", "Why is my bill so high this month?", "I paid but the money was taken again.")),
            new Intent("small talk, chit-chat, greetings and casual conversation", List.of(
                    "Hi, how are you?", "Good morning! How is your day going?", "I'm doing well, thanks, and you?",
                    "I had a lovely weekend.", "The weather is nice today.", "Just wanted to chat.")),
            new Intent("shipping and delivery of an order", List.of(
                    "Where is my package?", "My order has not arrived yet.", "When will it be delivered?",
                    "The tracking number does not work.")),
            new Intent("account access, login and password", List.of(
                    "I can't log in to my account.", "I forgot my password.", "How do I change my email address?",
                    "My account was locked.")),
            new Intent("cancelling a subscription or a contract", List.of(
                    "I want to cancel my subscription.", "Please close my account.", "How do I end my contract?")),
            new Intent("a complaint, an unhappy customer", List.of(
                    "This is unacceptable.", "I'm very disappointed with your service.", "I want to speak to a manager.")));

    private final Embedder embedder;
    private final java.util.Map<String, float[]> cache = new java.util.concurrent.ConcurrentHashMap<>();

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
        List<String> sentences = speakers.stream().flatMap(t -> TextAnalysis.sentences(t.content()).stream()).toList();
        List<float[]> userVectors = sentences.isEmpty() ? turnVectors : embedder.embedAll(sentences);
        // Every sentence with its weight for the intents: the user's count fully, the assistant's
        // half ("What is your budget?" is a telling reply), later ones more (greetings come first).
        List<String> allSentences = new ArrayList<>();
        List<Double> sentenceWeights = new ArrayList<>();
        for (int t = 0; t < turns.size(); t++) {
            for (String sentence : TextAnalysis.sentences(turns.get(t).content())) {
                allSentences.add(sentence);
                sentenceWeights.add((turns.get(t).isUser() ? 1.0 : ASSISTANT_INTENT_WEIGHT) * (1.0 + 0.5 * t / turns.size()));
            }
        }
        List<float[]> allVectors = embedder.embedAll(allSentences);
        String userText = turns.stream().filter(Turn::isUser).map(Turn::content).collect(Collectors.joining(" "));
        String allText = turns.stream().map(Turn::content).collect(Collectors.joining(" "));

        List<float[]> classVectors = classVectors(classes, instruction);
        String best = classes.get(0);
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes.size(); c++) {
            float[] classVector = classVectors.get(c);
            double closestSentence = userVectors.stream().mapToDouble(v -> Vectors.cosine(v, classVector)).max().orElse(0);
            double lexical = Math.max(TextAnalysis.CHAT.overlap(classes.get(c), userText), 0.5 * TextAnalysis.CHAT.overlap(classes.get(c), allText));
            double intent = intentScore(classes.get(c), userVectors, allVectors, sentenceWeights);
            double score = CENTROID_WEIGHT * Vectors.cosine(conversation, classVector)
                    + CLOSEST_SENTENCE_WEIGHT * closestSentence
                    + LEXICAL_WEIGHT * lexical
                    + INTENT_WEIGHT * intent;
            if (score > bestScore + 1e-9) {
                bestScore = score;
                best = classes.get(c);
            }
        }
        return best;
    }

    /**
     * How typical the user's sentences are of the intents the class is named like: for each
     * matching intent, each sentence's closeness to its nearest cue, averaged over the sentences
     * (max and mean, so one telling sentence counts but a whole conversation counts more),
     * weighted by how close the class's name is to the intent's. 0 when no intent matches.
     */
    private double intentScore(String label, List<float[]> sentences, List<float[]> all, List<Double> weights) {
        float[] name = vector(label);
        float[] framed = vector("a conversation about " + label);
        double best = 0;
        for (Intent intent : INTENTS) {
            float[] intentName = vector(intent.name());
            double match = Math.max(Vectors.cosine(name, intentName), Vectors.cosine(framed, intentName));
            if (match < INTENT_MATCH || sentences.isEmpty()) {
                continue;
            }
            List<float[]> cues = intent.cues().stream().map(this::vector).toList();
            double max = 0;
            for (float[] sentence : sentences) {
                max = Math.max(max, cues.stream().mapToDouble(cue -> Vectors.cosine(sentence, cue)).max().orElse(0));
            }
            double sum = 0;
            double total = 0;
            for (int i = 0; i < all.size(); i++) {
                float[] sentence = all.get(i);
                sum += weights.get(i) * cues.stream().mapToDouble(cue -> Vectors.cosine(sentence, cue)).max().orElse(0);
                total += weights.get(i);
            }
            double typical = 0.4 * max + 0.6 * (total > 0 ? sum / total : 0);
            best = Math.max(best, match * typical);
        }
        return best;
    }

    private float[] vector(String text) {
        return cache.computeIfAbsent(text, embedder::embed);
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
