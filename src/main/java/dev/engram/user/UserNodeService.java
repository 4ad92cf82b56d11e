package dev.engram.user;

import dev.engram.fact.FactEntity;
import dev.engram.fact.FactService;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The knowledge-graph node standing for a user: a stable identity, the user's name, and a
 * summary made of what is known about the user (their most recent facts still true).
 */
@ApplicationScoped
public class UserNodeService {

    /** Facts that make up a node summary, newest first. */
    static final int SUMMARY_FACTS = 8;
    static final int SUMMARY_MAX_CHARS = 600;

    public record UserNode(UUID uuid, String name, String summary, OffsetDateTime createdAt) {
    }

    private final FactService facts;

    public UserNodeService(FactService facts) {
        this.facts = facts;
    }

    public UserNode node(UserEntity user) {
        List<String> texts = new ArrayList<>();
        for (FactEntity fact : facts.newestValid(user, SUMMARY_FACTS)) {
            texts.add(0, fact.content);
        }
        return new UserNode(nodeUuid(user), displayName(user), summaryOf(texts), user.createdAt);
    }

    /** Derived from the user's uuid, so the node keeps its identity without being stored. */
    static UUID nodeUuid(UserEntity user) {
        return UUID.nameUUIDFromBytes(("engram:user-node:" + user.uuid).getBytes(StandardCharsets.UTF_8));
    }

    /** First and last name when known, else the user id. */
    public static String displayName(UserEntity user) {
        String full = ((user.firstName == null ? "" : user.firstName) + " " + (user.lastName == null ? "" : user.lastName)).strip();
        return full.isEmpty() ? user.userId : full;
    }

    /** Fact texts as sentences, oldest first, cut at a sentence boundary to stay short. */
    public static String summaryOf(List<String> factTexts) {
        StringBuilder summary = new StringBuilder();
        for (String text : factTexts) {
            String sentence = text.strip();
            if (sentence.isEmpty()) {
                continue;
            }
            if (!sentence.matches(".*[.!?]$")) {
                sentence += ".";
            }
            if (summary.length() + sentence.length() + 1 > SUMMARY_MAX_CHARS) {
                break;
            }
            summary.append(summary.isEmpty() ? "" : " ").append(sentence);
        }
        return summary.toString();
    }
}
