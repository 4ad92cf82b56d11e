package dev.engram.extract;

/**
 * One field to extract: its name in the answer, its type, what it is ({@code description}, the
 * main hint for finding it) and, for {@link ZepType#ZepRegex}, the regular expression to match.
 */
public record ExtractionField(String name, ZepType type, String description, String pattern) {

    /** The description, or the field name made readable when there is none ("home_city" → "home city"). */
    public String meaning() {
        return description != null && !description.isBlank() ? description
                : name.replaceAll("([a-z])([A-Z])", "$1 $2").replace('_', ' ').replace('-', ' ');
    }
}
