package dev.engram.message;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One message as the intelligence components see it: who spoke (free-form {@code role}, e.g.
 * "Ada", and {@code roleType}, e.g. "user"), what was said and when.
 */
public record Turn(UUID uuid, String role, String roleType, String content, OffsetDateTime createdAt) {

    /** The speaker's display name: the role when given, else the role type. */
    public String speaker() {
        return role != null && !role.isBlank() ? role : roleType;
    }

    public boolean isUser() {
        return "user".equals(roleType);
    }
}
