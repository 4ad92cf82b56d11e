package dev.engram.llm;

import dev.engram.message.Turn;
import java.util.List;
import java.util.stream.Collectors;

/** Renders conversation turns as the plain-text transcript that LLM prompts quote. */
public final class Transcript {

    private Transcript() {
    }

    /** One line per turn: {@code speaker (role type): content}. */
    public static String of(List<Turn> turns) {
        return turns.stream()
                .map(t -> t.speaker().equals(t.roleType())
                        ? t.roleType() + ": " + t.content()
                        : t.speaker() + " (" + t.roleType() + "): " + t.content())
                .collect(Collectors.joining("\n"));
    }
}
