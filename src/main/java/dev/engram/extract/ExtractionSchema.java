package dev.engram.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.common.ApiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code model_schema} in both forms the SDKs send: the TypeScript helper's
 * {@code {"properties": {field: {zep_type, description, pattern?}}}} and the Python SDK's full
 * pydantic JSON Schema ({@code title}, {@code type}, per-property {@code zep_type}). Only
 * {@code properties.<name>.zep_type}, {@code description} and {@code pattern} matter; a property
 * without {@code zep_type} gets one from its JSON Schema {@code type}/{@code format}.
 */
public final class ExtractionSchema {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExtractionSchema() {
    }

    public static List<ExtractionField> parse(String modelSchema) {
        if (modelSchema == null || modelSchema.isBlank()) {
            throw ApiException.badRequest("model_schema is required (a JSON schema encoded as a string)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(modelSchema);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("model_schema is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("model_schema is not valid JSON");
        }
        JsonNode properties = root == null ? null : root.get("properties");
        if (properties == null || !properties.isObject() || properties.isEmpty()) {
            throw ApiException.badRequest("model_schema must be a JSON object with at least one entry in \"properties\"");
        }
        List<ExtractionField> fields = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> entries = properties.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            fields.add(field(entry.getKey(), entry.getValue()));
        }
        return fields;
    }

    private static ExtractionField field(String name, JsonNode property) {
        if (!property.isObject()) {
            throw ApiException.badRequest("model_schema property \"" + name + "\" must be an object");
        }
        ZepType type = type(name, property);
        String description = text(property, "description");
        String pattern = text(property, "pattern");
        if (type == ZepType.ZepRegex) {
            if (pattern == null || pattern.isEmpty()) {
                throw ApiException.badRequest("model_schema property \"" + name + "\" is ZepRegex but has no \"pattern\"");
            }
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw ApiException.badRequest("model_schema property \"" + name + "\" has an invalid pattern: " + e.getDescription());
            }
        }
        return new ExtractionField(name, type, description, pattern);
    }

    private static ZepType type(String name, JsonNode property) {
        String zepType = text(property, "zep_type");
        if (zepType != null) {
            return ZepType.named(zepType).orElseThrow(() -> ApiException.badRequest("model_schema property \""
                    + name + "\" has an unknown zep_type \"" + zepType + "\""));
        }
        String format = text(property, "format");
        String jsonType = text(property, "type");
        if ("date".equals(format)) {
            return ZepType.ZepDate;
        }
        if ("date-time".equals(format)) {
            return ZepType.ZepDateTime;
        }
        if ("email".equals(format)) {
            return ZepType.ZepEmail;
        }
        if ("integer".equals(jsonType)) {
            return ZepType.ZepNumber;
        }
        if ("number".equals(jsonType)) {
            return ZepType.ZepFloat;
        }
        return property.hasNonNull("pattern") ? ZepType.ZepRegex : ZepType.ZepText;
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
