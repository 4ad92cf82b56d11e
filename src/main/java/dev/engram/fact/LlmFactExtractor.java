package dev.engram.fact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.LlmClient;
import dev.engram.llm.JsonAnswer;
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
            "relation" is upper snake case; "source" and "target" are the entities the fact links (null when
            there is none); "single_valued" is true when the subject can hold only one such relation at a time
            (lives in, works at, age), so that a new one replaces the old. Answer {"facts": []} when there is
            nothing to learn.""";

    /** The answer's shape; the reader checks the rest (a message index must name a new message). */
    static final JsonNode SCHEMA = JsonAnswer.schema("""
            {"type": "object", "additionalProperties": false, "required": ["facts"],
             "properties": {"facts": {"type": "array", "items": {
               "type": "object", "additionalProperties": false,
               "required": ["fact", "relation", "source", "target", "message", "single_valued"],
               "properties": {
                 "fact": {"type": "string", "description": "short third-person statement naming its subject"},
                 "relation": {"type": "string", "description": "upper snake case, e.g. LIVES_IN"},
                 "source": {"type": ["string", "null"]},
                 "target": {"type": ["string", "null"]},
                 "message": {"type": "integer", "description": "index of the new message the fact comes from"},
                 "single_valued": {"type": "boolean"}}}}}}""");

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
        // One call for the whole batch of new messages: the model sees them together (a fact may
        // need two of them) and a batch costs one request, not one per message.
        return new JsonAnswer<>("facts", SCHEMA, answer -> read(answer, turns)).ask(llm, SYSTEM, prompt.toString());
    }

    /** The facts of a valid answer; any fact the code cannot use makes the whole answer invalid. */
    static List<ExtractedFact> read(JsonNode answer, List<Turn> turns) {
        JsonNode facts = JsonAnswer.array(answer, "facts", "facts");
        List<ExtractedFact> result = new ArrayList<>();
        for (int i = 0; i < facts.size(); i++) {
            String path = "facts[" + i + "]";
            JsonNode f = JsonAnswer.object(facts.get(i), path);
            String text = JsonAnswer.text(f, "fact", path + ".fact");
            String relation = JsonAnswer.text(f, "relation", path + ".relation").toUpperCase(Locale.ROOT)
                    .replaceAll("[^A-Z0-9]+", "_").replaceAll("^_+|_+$", "");
            if (relation.isEmpty()) {
                throw new JsonAnswer.Invalid(path + ".relation must be a relation name such as LIVES_IN");
            }
            String source = JsonAnswer.optionalText(f, "source", path + ".source");
            String target = JsonAnswer.optionalText(f, "target", path + ".target");
            Turn turn = turns.get(JsonAnswer.index(f, "message", path + ".message", turns.size(), "new messages"));
            boolean singleValued = JsonAnswer.optionalBoolean(f, "single_valued", path + ".single_valued", false);
            result.add(new ExtractedFact(text, relation, source, target, singleValued, turn.uuid(), turn.createdAt()));
        }
        return result;
    }

    private static String line(Turn turn, String userName) {
        String speaker = turn.isUser() ? FactExtractor.subjectOf(turn, userName) : turn.speaker();
        return speaker + " (" + turn.roleType() + "): " + turn.content();
    }
}
