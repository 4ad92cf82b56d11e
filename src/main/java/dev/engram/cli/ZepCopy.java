package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code engram import --from URL}: copies from any Zep v2 server (Zep Cloud, or another Engram)
 * through its public API, page by page: users ({@code GET /users-ordered}), each user's sessions,
 * each session's messages (paged), summaries and facts, then the user's facts (a fact no session
 * listed is stored as a fact of the user alone). The records go to the target's
 * {@code /api/v2/import} in the export's format, so the target keeps the source's uuids and times.
 * <p>
 * Resumable: after each user the checkpoint file records it as done (once everything sent for it
 * is stored), and a run started again skips the users it names. Idempotent: what the target has
 * already is skipped by the target. The checkpoint is deleted when a run completes, so that the
 * next run looks at everything again (and copies only what is new).
 */
final class ZepCopy {

    private static final int PAGE = 100;

    private final Http source;
    private final ImportSender sender;
    private final PrintStream err;
    private final OffsetDateTime since;
    private final Path checkpointFile;
    private final Set<String> done = new LinkedHashSet<>();
    /** Records not copied, by reason. */
    private final Map<String, Long> notCopied = new LinkedHashMap<>();
    private final Progress progress;
    private long usersTotal = -1;
    private long usersSeen;
    private long read;

    private ZepCopy(Http source, ImportSender sender, PrintStream err, OffsetDateTime since, Path checkpointFile) {
        this.source = source;
        this.sender = sender;
        this.err = err;
        this.since = since;
        this.checkpointFile = checkpointFile;
        this.progress = new Progress(err, "records read");
    }

    static int run(Map<String, String> options, PrintStream err) throws IOException {
        String from = options.get("from");
        if (options.containsKey("file")) {
            throw new IllegalArgumentException("import takes --file or --from, not both");
        }
        Http source = new Http(from, options.get("api-key"));
        Http target = new Http(TransferCommand.url(options), TransferCommand.engramKey(options.get("target-api-key")));
        if (source.base.equals(target.base)) {
            throw new IllegalArgumentException("--from names the target server itself (" + target.base + ")");
        }
        Path checkpoint = Path.of(options.getOrDefault("checkpoint", "engram-import.checkpoint.json"));
        ZepCopy copy = new ZepCopy(source, new ImportSender(target, TransferCommand.BATCH_BYTES, TransferCommand.BATCH_LINES),
                err, since(options.get("since")), checkpoint);
        copy.loadCheckpoint();
        try {
            copy.copy(TransferCommand.users(options));
        } catch (IOException e) {
            copy.progress.finish();
            err.println("stopped after " + copy.done.size() + " complete user(s) (in " + checkpoint
                    + "); run the same command again to continue");
            throw e;
        }
        copy.progress.finish();
        Files.deleteIfExists(checkpoint);
        err.println("copied from " + source.base + " to " + target.base + ":");
        err.println("  stored   " + TransferCommand.describe(copy.sender.created));
        err.println("  skipped  " + TransferCommand.describe(copy.sender.skipped) + " (already stored in the target)");
        copy.notCopied.forEach((reason, n) -> err.println("  not copied " + n + " record(s): " + reason));
        return 0;
    }

    static OffsetDateTime since(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException notATime) {
            try {
                return LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--since must be a date (2024-05-01) or an RFC 3339 time: " + text);
            }
        }
    }

    private void loadCheckpoint() throws IOException {
        if (!Files.exists(checkpointFile)) {
            return;
        }
        JsonNode saved = Http.JSON.readTree(checkpointFile.toFile());
        if (!source.base.equals(saved.path("from").asText())) {
            throw new IllegalArgumentException("checkpoint " + checkpointFile + " belongs to a copy from "
                    + saved.path("from").asText() + "; delete it or pass another --checkpoint");
        }
        saved.path("users_done").forEach(u -> done.add(u.asText()));
        err.println("resuming: " + done.size() + " user(s) done in an earlier run (" + checkpointFile + ")");
    }

    private void saveCheckpoint() throws IOException {
        ObjectNode state = Http.JSON.createObjectNode();
        state.put("from", source.base);
        ArrayNode users = state.putArray("users_done");
        done.forEach(users::add);
        Path tmp = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".tmp");
        Http.JSON.writeValue(tmp.toFile(), state);
        Files.move(tmp, checkpointFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void copy(Set<String> only) throws IOException {
        if (only != null) {
            usersTotal = only.size();
            for (String userId : only) {
                copyUser(source.getJson("/users/" + Http.encode(userId)));
            }
            return;
        }
        for (int page = 1; ; page++) {
            JsonNode answer = source.getJson("/users-ordered?pageNumber=" + page + "&pageSize=" + PAGE);
            usersTotal = answer.path("total_count").asLong(-1);
            JsonNode users = answer.path("users");
            for (JsonNode user : users) {
                copyUser(user);
            }
            if (users.size() < PAGE) {
                return;
            }
        }
    }

    private void copyUser(JsonNode user) throws IOException {
        usersSeen++;
        String userId = user.path("user_id").asText();
        if (done.contains(userId)) {
            notCopied.merge("user done in an earlier run (checkpoint), with its sessions, messages, facts and summaries", 1L, Long::sum);
            return;
        }
        send("user", (ObjectNode) user, null, "user " + userId);
        Map<String, String> factSessions = new HashMap<>();
        List<ObjectNode> sessionFacts = new ArrayList<>();
        for (JsonNode session : source.getJson("/users/" + Http.encode(userId) + "/sessions")) {
            String sessionId = session.path("session_id").asText();
            ObjectNode s = (ObjectNode) session;
            if (!s.hasNonNull("user_id")) {
                s.put("user_id", userId);
            }
            send("session", s, null, "session " + sessionId);
            String base = "/sessions/" + Http.encode(sessionId);
            for (int page = 1; ; page++) {
                JsonNode messages = source.getJson(base + "/messages?limit=" + PAGE + "&cursor=" + page).path("messages");
                for (JsonNode m : messages) {
                    send("message", (ObjectNode) m, sessionId, "message " + m.path("uuid").asText() + " of session " + sessionId);
                }
                if (messages.size() < PAGE) {
                    break;
                }
            }
            JsonNode summaries = optional(base + "/summary", "summaries");
            for (JsonNode sum : summaries.path("summaries")) {
                send("summary", (ObjectNode) sum, sessionId, "summary " + sum.path("uuid").asText() + " of session " + sessionId);
            }
            JsonNode facts = optional(base + "/facts", "session facts");
            for (JsonNode f : facts.path("facts")) {
                factSessions.put(f.path("uuid").asText(), sessionId);
            }
        }
        for (JsonNode f : source.getJson("/users/" + Http.encode(userId) + "/facts").path("facts")) {
            ObjectNode fact = (ObjectNode) f;
            fact.put("user_id", userId);
            String sessionId = factSessions.get(fact.path("uuid").asText());
            if (sessionId != null) {
                fact.put("session_id", sessionId);
            }
            send("fact", fact, null, "fact " + fact.path("uuid").asText() + " of user " + userId);
        }
        // Stored before it is called done: a run that stops later resumes after this user.
        sender.flush();
        done.add(userId);
        saveCheckpoint();
    }

    /** A read the source may not offer (an older or other Zep server): absent → nothing, noted. */
    private JsonNode optional(String path, String what) throws IOException {
        try {
            return source.getJson(path);
        } catch (Http.Failure f) {
            if (f.status == 404 || f.status == 405 || f.status == 501) {
                notCopied.merge("the source answered " + f.status + " for " + what + " (" + path.replaceAll("/sessions/[^/]+", "/sessions/{id}")
                        + ")", 1L, Long::sum);
                return Http.JSON.createObjectNode();
            }
            throw f;
        }
    }

    private void send(String kind, ObjectNode record, String sessionId, String origin) throws IOException {
        read++;
        if (since != null && !kind.equals("user") && !kind.equals("session") && before(record)) {
            notCopied.merge(kind + " created before --since", 1L, Long::sum);
            return;
        }
        ObjectNode line = Http.JSON.createObjectNode();
        line.put("kind", kind);
        line.setAll(record);
        if (sessionId != null) {
            line.put("session_id", sessionId);
        }
        sender.add(Http.JSON.writeValueAsString(line), origin);
        progress.update(read, TransferCommand.stored(sender) + ", user " + usersSeen
                + (usersTotal > 0 ? " of " + usersTotal : ""), () -> usersTotal > 0 ? (double) (usersSeen - 1) / usersTotal : -1, false);
    }

    private boolean before(JsonNode record) {
        String created = record.path("created_at").asText(null);
        if (created == null) {
            return false;
        }
        try {
            return OffsetDateTime.parse(created).isBefore(since);
        } catch (DateTimeParseException e) {
            return false; // the target decides what the time means
        }
    }
}
