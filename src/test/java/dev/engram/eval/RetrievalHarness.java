package dev.engram.eval;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Retrieval evaluation through the HTTP API, as a user of the API would do it: stores
 * conversations (one user per conversation, one session per conversation session, messages in
 * batches of at most 30 with client uuids and the sessions' dates), waits for the background
 * processing, asks every question through {@code POST /api/v2/sessions/search} and ranks the
 * answers against the questions' evidence turns, next to a Lucene BM25 baseline over the same
 * turns (and sessions) of the same user.
 *
 * <p>Speakers: the role is the speaker's name; {@code speaker_a} is role_type {@code user} (and
 * the user's first name), {@code speaker_b} role_type {@code assistant}. Turn {@code i} of a
 * session is created {@code 5·i} seconds after the session's date-time (taken as UTC).
 */
final class RetrievalHarness {

    /** One line of a table: a search scope and the ranking measured on it. */
    record Row(String scope, String ranking) {
    }

    static final Row SIMILARITY = new Row("messages", "similarity (API)");
    static final Row MMR = new Row("messages", "mmr (API)");
    static final Row BM25_TURNS = new Row("messages", "BM25 turns (Lucene)");
    static final Row SUMMARY = new Row("summary", "similarity (API), right session");
    static final Row BM25_SESSIONS = new Row("summary", "BM25 sessions (Lucene)");
    /** A fact counts when one of its {@code episodes} (the messages it was learnt from) is an evidence turn. */
    static final Row FACTS = new Row("facts", "similarity (API), from evidence");
    static final List<Row> ROWS = List.of(SIMILARITY, MMR, BM25_TURNS, SUMMARY, BM25_SESSIONS, FACTS);

    private static final int BATCH = 30;
    private static final int TURN_SPACING_SECONDS = 5;
    private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    /** What one conversation became in the API, and its figures. */
    static final class Stored {
        final Conversation conversation;
        final String userId;
        final Map<String, String> diaIdByUuid = new HashMap<>();
        final Map<String, Integer> sessionNumberById = new HashMap<>();
        final Map<String, Integer> messagesBySession = new LinkedHashMap<>();
        final Map<Row, RankMetrics> rows = new LinkedHashMap<>();
        /** Per question: its category and the rank under each row (0: not in the top 10). */
        final List<int[]> ranks = new ArrayList<>();
        int summaries;

        Stored(Conversation conversation, String userId) {
            this.conversation = conversation;
            this.userId = userId;
            ROWS.forEach(row -> rows.put(row, new RankMetrics()));
        }
    }

    private final Supplier<RequestSpecification> http;
    private final int summaryWindow;
    private final Duration pollInterval;
    private final StringBuilder log = new StringBuilder();
    private final List<String> errors = new ArrayList<>();
    private int searches;
    private boolean endSessions;

    /**
     * @param http a JSON request to the server under test
     * @param summaryWindow {@code engram.intelligence.summary-window}: a session's last messages
     *     up to this many are not summarized, so the wait for summaries stops there
     * @param pollInterval pause between two looks at the processing state
     */
    RetrievalHarness(Supplier<RequestSpecification> http, int summaryWindow, Duration pollInterval) {
        this.http = http;
        this.summaryWindow = summaryWindow;
        this.pollInterval = pollInterval;
    }

    /**
     * Ends each session once its messages are stored ({@code POST /sessions/{id}/end}), as an
     * application does when a conversation is over: its closing summary then covers all of it,
     * the recent window included.
     */
    RetrievalHarness endingSessions() {
        this.endSessions = true;
        return this;
    }

    /** Search calls that did not answer 200 (each described); empty when the API behaved. */
    List<String> errors() {
        return errors;
    }

    int searches() {
        return searches;
    }

    /** Stores one conversation under a new user {@code userPrefix-<name>-<random>}. */
    Stored store(Conversation conversation, String userPrefix) {
        String userId = userPrefix + "-" + conversation.name() + "-" + UUID.randomUUID().toString().substring(0, 6);
        Stored stored = new Stored(conversation, userId);
        expect(http.get().body(Map.of("user_id", userId, "first_name", conversation.speakerA()))
                .post("/api/v2/users"), 201, "create user " + userId);
        for (Conversation.Session session : conversation.sessions()) {
            String sessionId = userId + "-s" + session.number();
            expect(http.get().body(Map.of("session_id", sessionId, "user_id", userId)).post("/api/v2/sessions"), 201,
                    "create session " + sessionId);
            stored.sessionNumberById.put(sessionId, session.number());
            stored.messagesBySession.put(sessionId, session.turns().size());
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < session.turns().size(); i++) {
                Conversation.Turn turn = session.turns().get(i);
                String uuid = UUID.randomUUID().toString();
                stored.diaIdByUuid.put(uuid, turn.diaId());
                boolean first = turn.speaker().equals(conversation.speakerA());
                batch.add(Map.of("uuid", uuid, "role", turn.speaker(), "role_type", first ? "user" : "assistant",
                        "content", turn.text(), "created_at",
                        RFC_3339.format(session.start().plusSeconds((long) TURN_SPACING_SECONDS * i))));
                if (batch.size() == BATCH || i == session.turns().size() - 1) {
                    expect(http.get().body(Map.of("messages", batch)).post("/api/v2/sessions/{id}/memory", sessionId),
                            200, "add messages to " + sessionId);
                    batch = new ArrayList<>();
                }
            }
            if (endSessions) {
                expect(http.get().body(Map.of()).post("/api/v2/sessions/{id}/end", sessionId), 200, "end " + sessionId);
            }
        }
        return stored;
    }

    /**
     * Waits until every stored message is {@code processed}, printing progress about every 30 s,
     * then until every session's summaries cover all but its last {@code summaryWindow} messages
     * (or the summaries stop changing for {@code summaryStall}: a different summarizer may
     * leave more unsummarized). Fails when the messages are not processed within {@code timeout}.
     */
    void awaitProcessing(List<Stored> all, Duration timeout, Duration summaryStall) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        int total = all.stream().mapToInt(s -> s.conversation.turnCount()).sum();
        Map<String, Integer> pending = new LinkedHashMap<>();
        all.forEach(s -> pending.putAll(s.messagesBySession));
        int done = 0;
        long lastReport = started;
        while (true) {
            int processedOfPending = 0;
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Integer> session = it.next();
                List<Boolean> processed = listMessages(session.getKey());
                long count = processed.stream().filter(Boolean.TRUE::equals).count();
                if (count == processed.size() && count >= session.getValue()) {
                    done += session.getValue();
                    it.remove();
                } else {
                    processedOfPending += (int) count;
                }
            }
            long now = System.nanoTime();
            if (pending.isEmpty() || now - lastReport >= 30_000_000_000L) {
                print(String.format("  processed %d / %d messages after %d s", done + processedOfPending, total,
                        (now - started) / 1_000_000_000L));
                lastReport = now;
            }
            if (pending.isEmpty()) {
                break;
            }
            if (now > deadline) {
                throw new AssertionError("messages not processed after " + timeout + ": " + (done + processedOfPending)
                        + " / " + total);
            }
            sleep();
        }
        awaitSummaries(all, started, deadline, summaryStall);
    }

    private void awaitSummaries(List<Stored> all, long started, long deadline, Duration stall) {
        Map<String, Integer> pending = new LinkedHashMap<>();
        all.forEach(s -> s.messagesBySession.forEach((id, n) -> {
            if (n > (endSessions ? 0 : summaryWindow)) {
                pending.put(id, n);
            }
        }));
        Map<String, Integer> covered = new HashMap<>();
        long lastChange = System.nanoTime();
        long lastReport = lastChange;
        while (!pending.isEmpty()) {
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Integer> session = it.next();
                int c = summarizedMessages(session.getKey());
                if (!Integer.valueOf(c).equals(covered.put(session.getKey(), c))) {
                    lastChange = System.nanoTime();
                }
                if (session.getValue() - c <= (endSessions ? 0 : summaryWindow)) {
                    it.remove();
                }
            }
            long now = System.nanoTime();
            if (pending.isEmpty()) {
                break;
            }
            if (now - lastReport >= 30_000_000_000L) {
                print(String.format("  summaries: %d session(s) still summarizing after %d s", pending.size(),
                        (now - started) / 1_000_000_000L));
                lastReport = now;
            }
            if (now - lastChange > stall.toNanos() || now > deadline) {
                print(String.format("  summaries: %d session(s) not summarized as far as expected (no change for %d s);"
                        + " going on", pending.size(), (now - lastChange) / 1_000_000_000L));
                break;
            }
            sleep();
        }
        for (Stored s : all) {
            s.summaries = 0;
            for (String sessionId : s.messagesBySession.keySet()) {
                s.summaries += expect(http.get().get("/api/v2/sessions/{id}/summary", sessionId), 200,
                        "list summaries").jsonPath().getList("summaries").size();
            }
        }
        print(String.format("  all processed after %d s", (System.nanoTime() - started) / 1_000_000_000L));
    }

    private List<Boolean> listMessages(String sessionId) {
        return expect(http.get().get("/api/v2/sessions/{id}/messages", sessionId), 200, "list messages")
                .jsonPath().getList("messages.processed", Boolean.class);
    }

    private int summarizedMessages(String sessionId) {
        List<List<String>> related = expect(http.get().get("/api/v2/sessions/{id}/summary", sessionId), 200,
                "list summaries").jsonPath().getList("summaries.related_message_uuids");
        Set<String> uuids = new HashSet<>();
        related.forEach(r -> {
            if (r != null) {
                uuids.addAll(r);
            }
        });
        return uuids.size();
    }

    /** Asks every question of a stored conversation, by the API and by the baselines. */
    void ask(Stored stored) {
        Conversation c = stored.conversation;
        Map<String, String> turns = new LinkedHashMap<>();
        Map<String, String> sessions = new LinkedHashMap<>();
        for (Conversation.Session session : c.sessions()) {
            StringBuilder all = new StringBuilder();
            for (Conversation.Turn turn : session.turns()) {
                turns.put(turn.diaId(), turn.text());
                all.append(turn.text()).append('\n');
            }
            sessions.put(String.valueOf(session.number()), all.toString());
        }
        try (Bm25Baseline bm25Turns = new Bm25Baseline(turns); Bm25Baseline bm25Sessions = new Bm25Baseline(sessions)) {
            for (Conversation.Question q : c.questions()) {
                int similarity = rank(messageIds(stored, q.text(), "similarity"), id -> q.evidence().contains(id));
                int mmr = rank(messageIds(stored, q.text(), "mmr"), id -> q.evidence().contains(id));
                int bm25 = rank(bm25Turns.search(q.text(), RankMetrics.DEPTH), id -> q.evidence().contains(id));
                int summary = rank(summarySessions(stored, q.text()), n -> q.sessions().contains(n));
                int bm25Session = rank(bm25Sessions.search(q.text(), RankMetrics.DEPTH),
                        n -> q.sessions().contains(Integer.parseInt(n)));
                int facts = rank(factEpisodes(stored, q.text()), episodes -> episodes.stream().anyMatch(q.evidence()::contains));
                int[] ranks = {similarity, mmr, bm25, summary, bm25Session, facts};
                for (int i = 0; i < ROWS.size(); i++) {
                    stored.rows.get(ROWS.get(i)).add(ranks[i]);
                }
                stored.ranks.add(new int[] {q.category(), similarity, mmr, bm25, summary, bm25Session, facts});
            }
        }
    }

    private static <T> int rank(List<T> results, Function<T, Boolean> relevant) {
        for (int i = 0; i < results.size() && i < RankMetrics.DEPTH; i++) {
            if (results.get(i) != null && relevant.apply(results.get(i))) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The dia ids of the messages found for {@code text} among the user's sessions, best first. */
    private List<String> messageIds(Stored stored, String text, String searchType) {
        JsonPath answer = search(stored.userId, text, "messages", searchType);
        List<String> ids = new ArrayList<>();
        if (answer != null) {
            for (String uuid : answer.getList("results.message.uuid", String.class)) {
                ids.add(stored.diaIdByUuid.get(uuid));
            }
        }
        return ids;
    }

    /** For each fact found for {@code text}, best first: the dia ids of the messages it was learnt from. */
    private List<List<String>> factEpisodes(Stored stored, String text) {
        JsonPath answer = search(stored.userId, text, "facts", "similarity");
        List<List<String>> found = new ArrayList<>();
        if (answer != null) {
            List<List<String>> episodes = answer.getList("results.fact.episodes");
            for (List<String> uuids : episodes) {
                found.add(uuids == null ? List.of() : uuids.stream().map(stored.diaIdByUuid::get)
                        .filter(java.util.Objects::nonNull).toList());
            }
        }
        return found;
    }

    /** The session numbers of the summaries found for {@code text}, best first. */
    private List<Integer> summarySessions(Stored stored, String text) {
        JsonPath answer = search(stored.userId, text, "summary", "similarity");
        List<Integer> numbers = new ArrayList<>();
        if (answer != null) {
            for (String sessionId : answer.getList("results.session_id", String.class)) {
                numbers.add(stored.sessionNumberById.get(sessionId));
            }
        }
        return numbers;
    }

    private JsonPath search(String userId, String text, String scope, String type) {
        searches++;
        Response response = http.get().queryParam("limit", RankMetrics.DEPTH)
                .body(Map.of("text", text, "user_id", userId, "search_scope", scope, "search_type", type))
                .post("/api/v2/sessions/search");
        if (response.statusCode() != 200) {
            errors.add(scope + "/" + type + " search of " + userId + " answered " + response.statusCode() + ": "
                    + response.asString());
            return null;
        }
        return response.jsonPath();
    }

    /** One table: the rows of a conversation (or of the total). */
    static String table(String title, Map<Row, RankMetrics> rows) {
        StringBuilder out = new StringBuilder(title).append('\n');
        out.append(String.format("  %-9s %-32s %9s %6s %6s %6s %7s%n", "scope", "ranking", "questions", "R@1", "R@5",
                "R@10", "MRR@10"));
        rows.forEach((row, m) -> out.append(String.format("  %-9s %-32s %9d %6.3f %6.3f %6.3f %7.3f%n", row.scope(),
                row.ranking(), m.questions(), m.recallAt(1), m.recallAt(5), m.recallAt(10), m.mrr())));
        return out.toString();
    }

    /** The tables of every conversation and of all of them (questions pooled), as printed. */
    static String report(List<Stored> all) {
        StringBuilder out = new StringBuilder();
        Map<Row, RankMetrics> total = new LinkedHashMap<>();
        ROWS.forEach(row -> total.put(row, new RankMetrics()));
        int turns = 0;
        int sessions = 0;
        int adversarial = 0;
        int withoutEvidence = 0;
        int summaries = 0;
        for (Stored s : all) {
            Conversation c = s.conversation;
            out.append(table(String.format("== %s (user %s): %d sessions, %d turns, %d summaries; %d questions"
                    + " (left out: %d adversarial, %d without evidence turn)", c.name(), s.userId, c.sessions().size(),
                    c.turnCount(), s.summaries, c.questions().size(), c.adversarial(), c.withoutEvidence()), s.rows));
            out.append('\n');
            s.rows.forEach((row, m) -> total.get(row).addAll(m));
            turns += c.turnCount();
            sessions += c.sessions().size();
            adversarial += c.adversarial();
            withoutEvidence += c.withoutEvidence();
            summaries += s.summaries;
        }
        out.append(table(String.format("== TOTAL, %d conversation(s): %d sessions, %d turns, %d summaries; %d questions"
                + " pooled (left out: %d adversarial, %d without evidence turn)", all.size(), sessions, turns, summaries,
                total.get(SIMILARITY).questions(), adversarial, withoutEvidence), total));
        return out.toString();
    }

    /** Per question (no text): conversation, index, category and the rank under each row. */
    static String ranksTsv(List<Stored> all) {
        StringBuilder out = new StringBuilder("conversation\tquestion\tcategory");
        ROWS.forEach(row -> out.append('\t').append(row.scope()).append(':').append(row.ranking()));
        out.append('\n');
        for (Stored s : all) {
            for (int i = 0; i < s.ranks.size(); i++) {
                out.append(s.conversation.name()).append('\t').append(i);
                for (int v : s.ranks.get(i)) {
                    out.append('\t').append(v);
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Progress lines printed so far. */
    String log() {
        return log.toString();
    }

    private void print(String line) {
        System.out.println(line);
        log.append(line).append('\n');
    }

    private Response expect(Response response, int status, String what) {
        if (response.statusCode() != status) {
            throw new AssertionError(what + " answered " + response.statusCode() + ": " + response.asString());
        }
        return response;
    }

    private void sleep() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
