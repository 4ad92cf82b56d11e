package dev.engram.classify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.LlmClient;
import dev.engram.llm.LlmException;
import dev.engram.llm.Transcript;
import dev.engram.message.Turn;
import java.util.List;
import java.util.Locale;

/** Asks the configured LLM to pick the class; its answer must name one of the classes. */
public class LlmClassifier implements Classifier {

    static final String SYSTEM = """
            You classify conversations. You are given a list of classes and a conversation. \
            Choose the single class that best describes the conversation, copying it exactly \
            as written in the list. Answer with a JSON object: {"class": "<the chosen class>"}.""";

    private final LlmClient llm;

    public LlmClassifier(LlmClient llm) {
        this.llm = llm;
    }

    @Override
    public String classify(List<Turn> recent, List<String> classes, String instruction) {
        StringBuilder prompt = new StringBuilder();
        if (instruction != null && !instruction.isBlank()) {
            prompt.append("Instruction: ").append(instruction.strip()).append("\n\n");
        }
        prompt.append("Classes:\n");
        classes.forEach(c -> prompt.append("- ").append(c).append('\n'));
        prompt.append("\nConversation:\n").append(Transcript.of(recent));
        JsonNode answer = llm.chatJson(SYSTEM, prompt.toString());
        String chosen = answer.path("class").asText("").strip();
        return match(chosen, classes);
    }

    /** The LLM may change case or add quotes; anything that is not one of the classes is an error. */
    private static String match(String chosen, List<String> classes) {
        String unquoted = chosen.replaceAll("^[\"'`]+|[\"'`.]+$", "").strip();
        for (String c : classes) {
            if (c.equals(chosen) || c.equals(unquoted)) {
                return c;
            }
        }
        for (String c : classes) {
            if (c.strip().toLowerCase(Locale.ROOT).equals(unquoted.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new LlmException("the LLM chose \"" + chosen + "\", which is not one of the classes " + classes);
    }
}
