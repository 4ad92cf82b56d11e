package dev.engram.fact;

import dev.engram.message.Turn;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Learns facts about the user (and whoever speaks as the user) from new messages. */
public interface FactExtractor {

    /**
     * @param userName the user's display name (first name, else null)
     * @param context  earlier messages of the session, oldest first, for reference only
     * @param turns    the new messages to learn from, oldest first
     */
    record Conversation(String userName, List<Turn> context, List<Turn> turns) {
    }

    List<ExtractedFact> extract(Conversation conversation);

    Set<String> ROLE_TYPE_NAMES = Set.of("user", "assistant", "system", "function", "tool", "norole");

    /**
     * Who a fact from this message is about: the message's {@code role} when it names someone,
     * else the user's first name, else "The user".
     */
    static String subjectOf(Turn turn, String userName) {
        String role = turn.role() == null ? "" : turn.role().strip();
        if (!role.isEmpty() && !ROLE_TYPE_NAMES.contains(role.toLowerCase(Locale.ROOT))) {
            return role;
        }
        return userName != null && !userName.isBlank() ? userName.strip() : "The user";
    }
}
