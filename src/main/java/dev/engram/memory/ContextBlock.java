package dev.engram.memory;

import dev.engram.fact.FactEntity;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The prompt-ready context block of {@code Memory.context}. Users paste it into prompts and
 * the SDK helpers produce the same layout, so the layout is kept line for line: a header line,
 * the facts with their validity range, then the entities.
 */
public final class ContextBlock {

    /** An entity line: {@code name: summary}. */
    public record Entity(String name, String summary) {
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ContextBlock() {
    }

    public static String compose(List<FactEntity> facts, List<Entity> entities) {
        String factLines = facts.stream()
                .map(f -> "  - " + f.content + " (" + date(f.validAt, "date unknown") + " - " + date(f.invalidAt, "present") + ")")
                .collect(Collectors.joining("\n"));
        String entityLines = entities.stream()
                .map(e -> "  - " + e.name() + ": " + e.summary())
                .collect(Collectors.joining("\n"));
        return "\n"
                + "FACTS and ENTITIES represent relevant context to the current conversation.\n"
                + "\n"
                + "# These are the most relevant facts and their valid date ranges\n"
                + "# format: FACT (Date range: from - to)\n"
                + "<FACTS>\n"
                + factLines + "\n"
                + "</FACTS>\n"
                + "\n"
                + "# These are the most relevant entities\n"
                + "# ENTITY_NAME: entity summary\n"
                + "<ENTITIES>\n"
                + entityLines + "\n"
                + "</ENTITIES>\n";
    }

    private static String date(OffsetDateTime time, String absent) {
        return time == null ? absent : time.withOffsetSameInstant(ZoneOffset.UTC).format(DATE);
    }
}
