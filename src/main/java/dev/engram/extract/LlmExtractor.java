package dev.engram.extract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.LlmClient;
import dev.engram.llm.LlmException;
import dev.engram.llm.Transcript;
import dev.engram.message.Turn;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Asks the configured LLM for the fields as one JSON object; values are normalized afterwards. */
public class LlmExtractor implements Extractor {

    static final String SYSTEM = """
            You extract structured data from a conversation. For every requested field, find the \
            value the conversation states for it. Use only information in the conversation; never \
            guess. Resolve relative dates ("tomorrow", "next Friday") against the current date and \
            time given. Write dates as YYYY-MM-DD, date-times as RFC 3339, numbers as digits. \
            Answer with one JSON object mapping each field name to its value as a string, or to \
            null when the conversation does not state it.""";

    private final LlmClient llm;

    public LlmExtractor(LlmClient llm) {
        this.llm = llm;
    }

    @Override
    public Map<String, String> extract(List<Turn> recent, List<ExtractionField> fields, OffsetDateTime now) {
        StringBuilder prompt = new StringBuilder("Current date and time: ").append(FieldValues.format(now)).append("\n\nFields:\n");
        for (ExtractionField field : fields) {
            prompt.append("- ").append(field.name()).append(" (").append(describe(field.type())).append("): ").append(field.meaning());
            if (field.type() == ZepType.ZepRegex) {
                prompt.append(" — must match the regular expression ").append(field.pattern());
            }
            prompt.append('\n');
        }
        prompt.append("\nConversation:\n").append(Transcript.of(recent));
        JsonNode answer = llm.chatJson(SYSTEM, prompt.toString());
        if (!answer.isObject()) {
            throw new LlmException("the LLM answer is not a JSON object of fields");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (ExtractionField field : fields) {
            JsonNode value = answer.get(field.name());
            if (value != null && (value.isTextual() || value.isNumber() || value.isBoolean())) {
                values.put(field.name(), value.asText());
            }
        }
        return values;
    }

    private static String describe(ZepType type) {
        return switch (type) {
            case ZepText -> "text";
            case ZepEmail -> "e-mail address";
            case ZepPhoneNumber -> "phone number";
            case ZepZipCode -> "ZIP or postal code";
            case ZepDate -> "date, YYYY-MM-DD";
            case ZepDateTime -> "date and time, RFC 3339";
            case ZepNumber -> "integer";
            case ZepFloat -> "decimal number";
            case ZepRegex -> "text matching a pattern";
        };
    }
}
