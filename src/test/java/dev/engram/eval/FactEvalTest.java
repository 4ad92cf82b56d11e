package dev.engram.eval;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.engram.embedding.LocalEmbedder;
import dev.engram.embedding.Vectors;
import dev.engram.fact.ExtractedFact;
import dev.engram.fact.FactExtractor;
import dev.engram.fact.LocalFactExtractor;
import dev.engram.message.Turn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How well the local fact extractor learns what LoCoMo's authors noted about each speaker
 * ({@code make eval-facts LOCOMO_DIR=…}). Every turn of every session goes through the extractor
 * the way the ingest job sends it (the session's earlier turns as context; speaker A is the
 * user, speaker B speaks as role type assistant under their own name), and the learnt facts are
 * compared with the session's {@code observation} lists:
 *
 * <ul>
 *   <li><b>recall</b>: observations matched by a fact learnt from one of the observation's own
 *       evidence turns, with cosine similarity (bge-small-en-v1.5) ≥ the threshold;</li>
 *   <li><b>chance</b>: the same, with facts from the speaker's other turns of that session — how
 *       often the threshold lets a fact about something else pass (it chose the threshold);</li>
 *   <li><b>matched facts</b>: facts that match an observation of their own turn (a lower bound
 *       of precision: observations do not note everything that is true).</li>
 * </ul>
 * The present extractor and the pattern extractor it replaced ({@link PatternFactExtractor})
 * run side by side. Every learnt fact goes to {@code target/eval-facts-<extractor>.tsv} for
 * reading and labelling. It measures; it does not pass or fail.
 */
@Tag("eval")
class FactEvalTest {

    static final double[] THRESHOLDS = {0.70, 0.75, 0.80, 0.85};
    /** How many earlier turns of the session the ingest job hands over as context. */
    private static final int CONTEXT = 6;

    private record Learnt(ExtractedFact fact, Conversation.Turn turn, float[] vector) {
    }

    @Test
    void reportsFactRecallAgainstObservations() throws IOException {
        String dir = System.getProperty("locomo.dir", "");
        assumeTrue(!dir.isBlank(), "set -Dlocomo.dir to LoCoMo-format conversations");
        List<Conversation> conversations = Conversation.load(dir);
        LocalEmbedder embedder = new LocalEmbedder(LocalEmbedder.LocalModel.BGE_SMALL_EN_V15);
        StringBuilder report = new StringBuilder();
        for (FactExtractor extractor : List.of(new PatternFactExtractor(), new LocalFactExtractor())) {
            report.append(evaluate(extractor, conversations, embedder));
        }
        System.out.println(report);
        Files.writeString(Path.of("target/eval-facts.txt"), report);
    }

    private String evaluate(FactExtractor extractor, List<Conversation> conversations, LocalEmbedder embedder)
            throws IOException {
        String name = extractor.getClass().getSimpleName();
        int observations = 0;
        int facts = 0;
        int[] recalled = new int[THRESHOLDS.length];
        int[] chance = new int[THRESHOLDS.length];
        int[] matchedFacts = new int[THRESHOLDS.length];
        StringBuilder tsv = new StringBuilder("conversation\tturn\tspeaker\trelation\tfact\tbest_observation_similarity\tturn_text\n");
        StringBuilder matches = new StringBuilder("conversation\tsession\tsimilarity\tobservation\tbest_fact_of_its_turns\n");
        long started = System.nanoTime();
        for (Conversation conversation : conversations) {
            for (Conversation.Session session : conversation.sessions()) {
                List<Learnt> learnt = learn(extractor, conversation, session, embedder);
                facts += learnt.size();
                List<Conversation.Observation> noted = conversation.observations().getOrDefault(session.number(), List.of());
                List<float[]> notedVectors = embedder.embedAll(noted.stream().map(Conversation.Observation::text).toList());
                double[] bestForFact = new double[learnt.size()];
                for (int o = 0; o < noted.size(); o++) {
                    Conversation.Observation observation = noted.get(o);
                    observations++;
                    double own = 0;
                    double other = 0;
                    String ownFact = "";
                    for (int f = 0; f < learnt.size(); f++) {
                        Learnt l = learnt.get(f);
                        double similarity = Vectors.cosine(l.vector(), notedVectors.get(o));
                        if (observation.evidence().contains(l.turn().diaId())) {
                            if (similarity > own) {
                                own = similarity;
                                ownFact = l.fact().fact();
                            }
                            bestForFact[f] = Math.max(bestForFact[f], similarity);
                        } else if (l.turn().speaker().equals(observation.speaker())) {
                            other = Math.max(other, similarity);
                        }
                    }
                    matches.append(conversation.name()).append('\t').append(session.number()).append('\t')
                            .append(String.format(Locale.ROOT, "%.3f", own)).append('\t').append(observation.text())
                            .append('\t').append(ownFact).append('\n');
                    for (int t = 0; t < THRESHOLDS.length; t++) {
                        recalled[t] += own >= THRESHOLDS[t] ? 1 : 0;
                        chance[t] += other >= THRESHOLDS[t] ? 1 : 0;
                    }
                }
                for (int f = 0; f < learnt.size(); f++) {
                    for (int t = 0; t < THRESHOLDS.length; t++) {
                        matchedFacts[t] += bestForFact[f] >= THRESHOLDS[t] ? 1 : 0;
                    }
                    Learnt l = learnt.get(f);
                    tsv.append(conversation.name()).append('\t').append(l.turn().diaId()).append('\t')
                            .append(l.turn().speaker()).append('\t').append(l.fact().name()).append('\t')
                            .append(l.fact().fact()).append('\t').append(String.format(Locale.ROOT, "%.3f", bestForFact[f]))
                            .append('\t').append(l.turn().text().replace('\t', ' ').replace('\n', ' ')).append('\n');
                }
            }
        }
        Files.writeString(Path.of("target/eval-facts-" + name + ".tsv"), tsv);
        Files.writeString(Path.of("target/eval-facts-matches-" + name + ".tsv"), matches);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%n%s: %d facts from %d conversations (%.1f s); %d observations%n", name, facts, conversations.size(),
                (System.nanoTime() - started) / 1e9, observations));
        out.append("  threshold   recall   chance   matched facts\n");
        for (int t = 0; t < THRESHOLDS.length; t++) {
            out.append(String.format(Locale.ROOT, "  %.2f        %.3f    %.3f    %.3f%n", THRESHOLDS[t],
                    observations == 0 ? 0 : (double) recalled[t] / observations,
                    observations == 0 ? 0 : (double) chance[t] / observations,
                    facts == 0 ? 0 : (double) matchedFacts[t] / facts));
        }
        return out.toString();
    }

    /** The facts of one session, turn by turn, as the ingest job would learn them. */
    private static List<Learnt> learn(FactExtractor extractor, Conversation conversation, Conversation.Session session,
                                      LocalEmbedder embedder) {
        List<Turn> earlier = new ArrayList<>();
        Map<UUID, Conversation.Turn> byUuid = new HashMap<>();
        List<ExtractedFact> extracted = new ArrayList<>();
        for (int i = 0; i < session.turns().size(); i++) {
            Conversation.Turn t = session.turns().get(i);
            boolean first = t.speaker().equals(conversation.speakerA());
            Turn turn = new Turn(UUID.nameUUIDFromBytes((conversation.name() + t.diaId()).getBytes()), t.speaker(),
                    first ? "user" : "assistant", t.text(), session.start().plusSeconds(30L * i));
            byUuid.put(turn.uuid(), t);
            extracted.addAll(extractor.extract(new FactExtractor.Conversation(conversation.speakerA(),
                    List.copyOf(earlier.subList(Math.max(0, earlier.size() - CONTEXT), earlier.size())), List.of(turn))));
            earlier.add(turn);
        }
        List<float[]> vectors = embedder.embedAll(extracted.stream().map(ExtractedFact::fact).toList());
        List<Learnt> learnt = new ArrayList<>();
        for (int i = 0; i < extracted.size(); i++) {
            learnt.add(new Learnt(extracted.get(i), byUuid.get(extracted.get(i).sourceMessageUuid()), vectors.get(i)));
        }
        return learnt;
    }
}
