package dev.engram.session;

import dev.engram.api.model.FactRatingInstruction;
import dev.engram.api.model.Session;
import dev.engram.common.Installation;
import dev.engram.common.JsonText;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Stored sessions to the wire's {@code Session}. */
@ApplicationScoped
public class SessionMapper {

    private final Installation installation;

    public SessionMapper(Installation installation) {
        this.installation = installation;
    }

    public Session toApi(SessionEntity session) {
        return new Session()
                .uuid(session.uuid)
                .id(session.id)
                .sessionId(session.sessionId)
                .userId(session.user.userId)
                .createdAt(session.createdAt)
                .updatedAt(session.updatedAt)
                .endedAt(session.endedAt)
                .metadata(JsonText.readMap(session.metadata))
                .classifications(SessionService.classifications(session))
                .factRatingInstruction(JsonText.read(session.factRatingInstruction, FactRatingInstruction.class))
                .projectUuid(installation.projectUuid());
    }

    public List<Session> toApi(List<SessionEntity> sessions) {
        return sessions.stream().map(this::toApi).toList();
    }
}
