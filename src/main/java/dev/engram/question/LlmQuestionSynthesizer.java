package dev.engram.question;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.LlmClient;
import dev.engram.llm.LlmException;
import dev.engram.llm.Transcript;
import dev.engram.message.Turn;
import java.util.List;

/** Asks the configured LLM to rewrite the user's latest request as a standalone question. */
public class LlmQuestionSynthesizer implements QuestionSynthesizer {

    static final String SYSTEM = """
            You condense conversations. Rewrite what the user is asking in their latest messages as \
            one standalone question that can be understood without the conversation: replace \
            pronouns and vague references with what they refer to. Do not answer the question. \
            Answer with a JSON object: {"question": "<the question>"}.""";

    private final LlmClient llm;

    public LlmQuestionSynthesizer(LlmClient llm) {
        this.llm = llm;
    }

    @Override
    public String synthesize(List<Turn> recent) {
        JsonNode answer = llm.chatJson(SYSTEM, "Conversation:\n" + Transcript.of(recent));
        String question = answer.path("question").asText("").strip();
        if (question.isEmpty()) {
            throw new LlmException("the LLM answer has no \"question\"");
        }
        return question;
    }
}
