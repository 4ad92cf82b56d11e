package dev.engram.user;

import dev.engram.api.model.FactRatingInstruction;
import dev.engram.api.model.User;
import dev.engram.common.Installation;
import dev.engram.common.JsonText;
import jakarta.enterprise.context.ApplicationScoped;

/** Stored users to the wire's {@code User}. */
@ApplicationScoped
public class UserMapper {

    private final Installation installation;

    public UserMapper(Installation installation) {
        this.installation = installation;
    }

    public User toApi(UserEntity user, long sessionCount) {
        return new User()
                .uuid(user.uuid)
                .id(user.id)
                .userId(user.userId)
                .email(user.email)
                .firstName(user.firstName)
                .lastName(user.lastName)
                .metadata(JsonText.readMap(user.metadata))
                .factRatingInstruction(JsonText.read(user.factRatingInstruction, FactRatingInstruction.class))
                .createdAt(user.createdAt)
                .updatedAt(user.updatedAt)
                .projectUuid(installation.projectUuid())
                .sessionCount((int) sessionCount);
    }
}
