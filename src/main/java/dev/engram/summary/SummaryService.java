package dev.engram.summary;

import dev.engram.session.SessionEntity;
import dev.engram.session.SessionService;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Reading the stored summaries of a session (producing them is the summarizer's job). */
@ApplicationScoped
public class SummaryService {

    private final SessionService sessions;

    public SummaryService(SessionService sessions) {
        this.sessions = sessions;
    }

    public List<SummaryEntity> list(String sessionId) {
        SessionEntity session = sessions.get(sessionId);
        return SummaryEntity.list("sessionPk", Sort.by("id"), session.id);
    }

    public Optional<SummaryEntity> latest(SessionEntity session) {
        return latestOf(session.id);
    }

    /** The session's newest summary (also what the summarize job folds new messages into). */
    static Optional<SummaryEntity> latestOf(Long sessionPk) {
        // One row read backwards along the (session_pk, id) index, not every summary of the session
        // (the ORDER BY and the bound on id are what H2 needs for that: see MessageService.list)
        return SummaryEntity.<SummaryEntity>find("sessionPk = ?1 and id > 0", Sort.descending("sessionPk", "id"), sessionPk)
                .firstResultOptional();
    }
}
