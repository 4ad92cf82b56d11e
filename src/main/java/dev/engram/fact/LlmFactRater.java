package dev.engram.fact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.LlmClient;
import dev.engram.llm.LlmException;
import java.util.ArrayList;
import java.util.List;

/** Rates facts by asking the configured LLM, in one call per batch. */
public class LlmFactRater implements FactRater {

    static final String SYSTEM = """
            You rate facts about a user by how relevant they are to an application, following the
            application's rating instruction and examples. Give each fact a rating between 0 (irrelevant)
            and 1 (highly relevant). Answer with a JSON object {"ratings": [r0, r1, ...]}: one number per
            fact, in the order given.""";

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
        JsonNode ratings = llm.chatJson(SYSTEM, prompt.toString()).path("ratings");
        if (!ratings.isArray() || ratings.size() != facts.size()) {
            throw new LlmException("the LLM did not answer one rating per fact: " + ratings);
        }
        List<Double> result = new ArrayList<>(facts.size());
        for (JsonNode rating : ratings) {
            JsonNode value = rating.isObject() ? rating.path("rating") : rating;
            if (!value.isNumber()) {
                throw new LlmException("the LLM answered a rating that is not a number: " + rating);
            }
            result.add(Math.max(0, Math.min(1, value.asDouble())));
        }
        return result;
    }

    private static void appendExample(StringBuilder prompt, String level, String example) {
        if (!RatingInstruction.blank(example)) {
            prompt.append("Example of a ").append(level).append(" rated fact: ").append(example).append('\n');
        }
    }
}
