package dev.engram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.hibernate.Session;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Reads of a session's first or newest rows must walk the (session_pk, id) index and stop after
 * the rows they need. On H2 that takes two things: the ORDER BY names the index's leading column
 * too, and the WHERE bounds id (H2 otherwise prefers the foreign key's own index on session_pk
 * alone). Else H2 reads every row of the session and sorts them, which is invisible at a hundred
 * messages and slow at tens of thousands. This test records the statements that
 * storing, processing and reading a session send, and asks H2 for the plan of each limited read
 * of messages or summaries by session, and of the user's newest facts (the same holds for the
 * (user_pk, id) index).
 */
@QuarkusTest
class SessionReadPlansTest extends ApiTestSupport {

    /**
     * A select of messages or summaries by session with a row limit: by a parameter, or by the
     * row it is correlated with (the search index's read of the turn before each message).
     */
    private static final Pattern LIMITED_SESSION_READ = Pattern.compile(
            "(?s)^select .* from (messages|summaries) \\w+ .*\\bsession_pk\\s*=\\s*(\\?|\\w+\\.session_pk).* order by .*(fetch first|offset|limit).*");

    /** A select of a user's facts with a row limit (the user's node in memory.get). */
    private static final Pattern LIMITED_USER_FACTS_READ = Pattern.compile(
            "(?s)^select .* from facts \\w+ where .*\\buser_pk\\s*=\\s*\\?.* order by .*(fetch first|offset|limit).*");

    @Inject
    EntityManager em;

    @Test
    void limitedReadsOfASessionWalkItsIndex() {
        Assumptions.assumeTrue(onH2(), "H2 only (PostgreSQL walks a b-tree backwards for either ORDER BY)");
        String sessionId = createSession(createUser());
        RecordedStatements.start();
        List<String> statements;
        try {
            addMessages(sessionId, messages("first", 6));
            awaitProcessed(sessionId);
            addMessages(sessionId, messages("second", 6)); // its first message is embedded with the turn before it
            awaitProcessed(sessionId);
            api().get("/api/v2/sessions/{id}/memory?lastn=4", sessionId).then().statusCode(200);
            api().get("/api/v2/sessions/{id}/messages?limit=3&cursor=2", sessionId).then().statusCode(200);
        } finally {
            statements = RecordedStatements.stop();
        }
        Set<String> limited = new LinkedHashSet<>();
        for (String sql : statements) {
            String normal = sql.toLowerCase(Locale.ROOT).strip();
            if (LIMITED_SESSION_READ.matcher(normal).matches() || LIMITED_USER_FACTS_READ.matcher(normal).matches()) {
                limited.add(sql);
            }
        }
        // The newest messages (memory), a page (message list), the turns before a batch and the
        // turn before its first message (processing), the latest summary, the search index's
        // read of messages with the turn before each: at least five shapes; and the user's newest
        // valid facts (the user's node in memory).
        assertTrue(limited.size() >= 5, "too few limited session reads recorded to judge: " + limited);
        assertTrue(limited.stream().anyMatch(sql -> LIMITED_USER_FACTS_READ.matcher(sql.toLowerCase(Locale.ROOT).strip()).matches()),
                "the user's newest facts were not read: " + limited);
        // A max(id) per session is answered on H2 by reading every row of the session below the
        // bound: the turn before a message is found with a one-row backward read instead.
        List<String> maxReads = statements.stream().map(sql -> sql.toLowerCase(Locale.ROOT))
                .filter(sql -> sql.matches("(?s).*\\bmax\\(\\w+\\.id\\) from messages \\w+ where \\w+\\.session_pk\\b.*")).distinct().toList();
        assertEquals(List.of(), maxReads, "reads of a session's highest message id below another");
        List<String> sorting = new ArrayList<>();
        for (String sql : limited) {
            String plan = plan(sql);
            // Not "index sorted: 1 of 2 columns": that is the foreign key's own index on session_pk,
            // which H2 also walks, reading every row of the session to sort them by id.
            if (!plan.contains("/* index sorted */")) {
                sorting.add(sql + "\n  plan: " + plan);
            }
        }
        assertEquals(List.of(), sorting, "limited session reads that read the whole session and sort it");
    }

    /** H2's plan of a statement, every parameter bound to 1. */
    private String plan(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement p = c.prepareStatement("EXPLAIN " + sql)) {
                for (int i = 1; i <= p.getParameterMetaData().getParameterCount(); i++) {
                    p.setLong(i, 1L);
                }
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getString(1).replaceAll("\\s+", " ") : "";
                }
            }
        }));
    }

    private boolean onH2() {
        return QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class)
                .doReturningWork(c -> c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("h2")));
    }
}
