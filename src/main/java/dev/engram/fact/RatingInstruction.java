package dev.engram.fact;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.engram.common.JsonText;

/**
 * A {@code fact_rating_instruction} as stored on a user or session: how to rate facts for the
 * application, with one example fact per rating level.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RatingInstruction(String instruction, Examples examples) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Examples(String high, String medium, String low) {
    }

    /** The stored JSON as an instruction; null when there is nothing to rate by. */
    public static RatingInstruction parse(String json) {
        RatingInstruction parsed = json == null ? null : JsonText.read(json, RatingInstruction.class);
        return parsed == null || parsed.isEmpty() ? null : parsed;
    }

    public boolean isEmpty() {
        return blank(instruction) && (examples == null
                || blank(examples.high()) && blank(examples.medium()) && blank(examples.low()));
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
