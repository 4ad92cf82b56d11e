package dev.engram.summary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.fact.FactExtractor;
import dev.engram.llm.LlmClient;
import dev.engram.llm.JsonAnswer;
import dev.engram.message.Turn;
import java.util.List;

/** Summaries written by the configured LLM. */
public class LlmSummarizer implements Summarizer {

    static final String SYSTEM = """
            You maintain a progressive summary of a conversation between a user and an assistant.
            Extend the current summary with the new lines of conversation and answer the new summary:
            concise third-person prose that keeps what the current summary says (unless the new lines
            change it) and adds what is new, in at most 200 words. Answer with a JSON object
            {"summary": "..."}.""";

    static final JsonNode SCHEMA = JsonAnswer.schema("""
            {"type": "object", "additionalProperties": false, "required": ["summary"],
             "properties": {"summary": {"type": "string", "description": "the new summary"}}}""");

    private final LlmClient llm;

    public LlmSummarizer(LlmClient llm) {
        this.llm = llm;
    }

    @Override
    public String summarize(String previousSummary, List<Turn> turns, String userName) {
        StringBuilder prompt = new StringBuilder("Current summary:\n")
                .append(previousSummary == null || previousSummary.isBlank() ? "(none yet)" : previousSummary)
                .append("\n\nNew lines of conversation:\n");
        for (Turn turn : turns) {
            String speaker = turn.isUser() ? FactExtractor.subjectOf(turn, userName) : turn.speaker();
            prompt.append(speaker).append(" (").append(turn.roleType()).append("): ").append(turn.content()).append('\n');
        }
        return new JsonAnswer<>("summary", SCHEMA, LlmSummarizer::read).ask(llm, SYSTEM, prompt.toString());
    }

    /** The summary of a valid answer: a non-empty string. */
    static String read(JsonNode answer) {
        return JsonAnswer.text(answer, "summary", "summary");
    }
}
