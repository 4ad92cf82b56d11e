package dev.engram.fact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.LlmClient;
import dev.engram.llm.LlmException;
import dev.engram.message.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Learns facts by asking the configured LLM to read the new messages. */
public class LlmFactExtractor implements FactExtractor {

    static final String SYSTEM = """
            You extract durable facts about the user from a conversation, for a long-term memory.
            Read only the messages under "New messages"; earlier messages are context. Each fact is a short
            third-person statement naming its subject (for example "Ada lives in Lisbon"), using the speaker
            name given for each message. Skip greetings, questions, requests and anything said by the assistant
            about itself. Answer with a JSON object:
            {"facts": [{"fact": "...", "relation": "LIVES_IN", "source": "Ada", "target": "Lisbon",
                        "message": <index of the new message it comes from>, "single_valued": true}]}
            "relation" is upper snake case; "single_valued" is true when the subject can hold only one such
            relation at a time (lives in, works at, age), so that a new one replaces the old. Answer
            {"facts": []} when there is nothing to learn.""";

    private final LlmClient llm;

    public LlmFactExtractor(LlmClient llm) {
        this.llm = llm;
    }

    @Override
    public List<ExtractedFact> extract(Conversation conversation) {
        if (conversation.turns().isEmpty()) {
            return List.of();
        }
        StringBuilder prompt = new StringBuilder();
        if (!conversation.context().isEmpty()) {
            prompt.append("Earlier messages:\n");
            conversation.context().forEach(t -> prompt.append("- ").append(line(t, conversation.userName())).append('\n'));
        }
        prompt.append("New messages:\n");
        List<Turn> turns = conversation.turns();
        for (int i = 0; i < turns.size(); i++) {
            prompt.append(i).append(". ").append(line(turns.get(i), conversation.userName())).append('\n');
        }
        JsonNode facts = llm.chatJson(SYSTEM, prompt.toString()).path("facts");
        if (!facts.isArray()) {
            throw new LlmException("the LLM answer has no \"facts\" array");
        }
        List<ExtractedFact> result = new ArrayList<>();
        for (JsonNode f : facts) {
            String text = f.path("fact").asText("").strip();
            if (text.isEmpty()) {
                continue;
            }
            int index = f.path("message").asInt(turns.size() - 1);
            Turn turn = turns.get(Math.max(0, Math.min(turns.size() - 1, index)));
            String relation = f.path("relation").asText("RELATES_TO").strip().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
            result.add(new ExtractedFact(text, relation, blankToNull(f.path("source").asText(null)),
                    blankToNull(f.path("target").asText(null)), f.path("single_valued").asBoolean(false),
                    turn.uuid(), turn.createdAt()));
        }
        return result;
    }

    private static String line(Turn turn, String userName) {
        String speaker = turn.isUser() ? FactExtractor.subjectOf(turn, userName) : turn.speaker();
        return speaker + " (" + turn.roleType() + "): " + turn.content();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
