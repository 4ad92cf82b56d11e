package dev.engram.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Text the server can store and read back on every database: no U+0000 (PostgreSQL's text
 * types cannot hold it) and no unpaired surrogate (JSON's {@code "\ud800"} decodes to one; it
 * has no UTF-8 form, so it would be stored as something else than was sent, or break later
 * reads). Checked at the door, for every string of a request, so that nothing stored can break
 * a read. Public for the import (dev.engram.transfer), whose JSON lines the contract check does
 * not read.
 */
public final class UnicodeText {

    private static final int MAX_PROBLEMS = 10;

    private UnicodeText() {
    }

    /** Why the text cannot be stored, or empty when it can. */
    static Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return Optional.of("contains U+0000, which is not allowed in text");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("contains an unpaired surrogate (U+" + Integer.toHexString(c).toUpperCase()
                        + "), which is not valid Unicode text");
            }
        }
        return Optional.empty();
    }

    /** One line per offending parameter value (query or path), naming the parameter. */
    static List<String> problems(Map<String, List<String>> parameters) {
        List<String> found = new ArrayList<>();
        parameters.forEach((name, values) -> values.forEach(value ->
                problem(value).ifPresent(p -> found.add(name + " " + p))));
        return found;
    }

    /** One line per offending string of a JSON document (keys included), naming its field. */
    public static List<String> problems(JsonNode body) {
        List<String> found = new ArrayList<>();
        collect(body, "", found);
        return found;
    }

    private static void collect(JsonNode node, String field, List<String> found) {
        if (found.size() >= MAX_PROBLEMS) {
            return;
        }
        if (node.isTextual()) {
            problem(node.textValue()).ifPresent(p -> found.add(name(field) + " " + p));
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> entry = fields.next();
                String child = field.isEmpty() ? entry.getKey() : field + "." + entry.getKey();
                problem(entry.getKey()).ifPresent(p -> found.add("a key of " + name(field) + " " + p));
                collect(entry.getValue(), child, found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), field + "[" + i + "]", found);
            }
        }
    }

    private static String name(String field) {
        return field.isEmpty() ? "the JSON request body" : field;
    }
}
