package dev.engram.fact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.LlmClient;
import dev.engram.llm.JsonAnswer;
import java.util.List;
import java.util.stream.IntStream;

/** Rates facts by asking the configured LLM, in one call per batch. */
public class LlmFactRater implements FactRater {

    static final String SYSTEM = """
            You rate facts about a user by how relevant they are to an application, following the
            application's rating instruction and examples. Give each fact a rating between 0 (irrelevant)
            and 1 (highly relevant). Answer with a JSON object
            {"ratings": [{"fact": <index of the fact>, "rating": <0 to 1>}, ...]}: one rating for every fact
            given, in the order given.""";

    /**
     * Each rating names its fact: the code can then tell a skipped or repeated fact from a
     * complete answer instead of pairing ratings with facts by position alone.
     */
    static final JsonNode SCHEMA = JsonAnswer.schema("""
            {"type": "object", "additionalProperties": false, "required": ["ratings"],
             "properties": {"ratings": {"type": "array", "items": {
               "type": "object", "additionalProperties": false, "required": ["fact", "rating"],
               "properties": {
                 "fact": {"type": "integer", "description": "index of the fact rated"},
                 "rating": {"type": "number", "description": "0 (irrelevant) to 1 (highly relevant)"}}}}}}""");

    private final LlmClient llm;

    public LlmFactRater(LlmClient llm) {
        this.llm = llm;
    }

    @Override
    public List<Double> rate(RatingInstruction instruction, List<FactToRate> facts) {
        if (facts.isEmpty()) {
            return List.of();
        }
        StringBuilder prompt = new StringBuilder();
        if (!RatingInstruction.blank(instruction.instruction())) {
            prompt.append("Instruction: ").append(instruction.instruction()).append('\n');
        }
        RatingInstruction.Examples examples = instruction.examples();
        if (examples != null) {
            appendExample(prompt, "high (1.0)", examples.high());
            appendExample(prompt, "medium (0.5)", examples.medium());
            appendExample(prompt, "low (0.0)", examples.low());
        }
        prompt.append("Facts:\n");
        for (int i = 0; i < facts.size(); i++) {
            prompt.append(i).append(". ").append(facts.get(i).text()).append('\n');
        }
        // All facts of the call in one request: one round trip, and ratings relative to each other.
        int count = facts.size();
        return new JsonAnswer<>("ratings", SCHEMA, answer -> read(answer, count)).ask(llm, SYSTEM, prompt.toString());
    }

    /** One rating per fact, in the facts' order; every fact must be rated exactly once, in [0, 1]. */
    static List<Double> read(JsonNode answer, int count) {
        JsonNode ratings = JsonAnswer.array(answer, "ratings", "ratings");
        Double[] byFact = new Double[count];
        for (int i = 0; i < ratings.size(); i++) {
            String path = "ratings[" + i + "]";
            JsonNode rating = JsonAnswer.object(ratings.get(i), path);
            int fact = JsonAnswer.index(rating, "fact", path + ".fact", count, "facts");
            if (byFact[fact] != null) {
                throw new JsonAnswer.Invalid("fact " + fact + " is rated twice");
            }
            byFact[fact] = JsonAnswer.number(rating, "rating", path + ".rating", 0, 1);
        }
        List<Integer> unrated = IntStream.range(0, count).filter(i -> byFact[i] == null).boxed().toList();
        if (!unrated.isEmpty()) {
            throw new JsonAnswer.Invalid("there are " + count + " facts and fact(s) " + unrated + " have no rating");
        }
        return List.of(byFact);
    }

    private static void appendExample(StringBuilder prompt, String level, String example) {
        if (!RatingInstruction.blank(example)) {
            prompt.append("Example of a ").append(level).append(" rated fact: ").append(example).append('\n');
        }
    }
}
