package dev.engram.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transfer commands end to end, as a user runs them: two packaged servers (each a process of
 * {@code target/quarkus-app/quarkus-run.jar} on a fresh H2 database, with its own API key), the
 * source seeded through the API; {@code engram export} of the source and {@code engram import}
 * into the empty target give the same API answers on both; then, the target emptied again,
 * {@code engram import --from} the source, resumed from a checkpoint that names a user as done
 * and run once more, gives the same answers too, and reports what it copied and skipped.
 */
class TransferIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    private static final List<String> USERS = List.of("ann", "ben");

    private static Path work;
    private static Server source;
    private static Server target;

    private record Server(Process process, String url, String key, Path log) {
        String api() {
            return url + "/api/v2";
        }
    }

    @BeforeAll
    static void startServers() throws Exception {
        work = Files.createTempDirectory("engram-transfer-it");
        source = start("source");
        target = start("target");
        awaitReady(source);
        awaitReady(target);
        seed();
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (Server s : new Server[] {source, target}) {
            if (s != null) {
                s.process().destroy();
                if (!s.process().waitFor(30, TimeUnit.SECONDS)) {
                    s.process().destroyForcibly();
                }
            }
        }
    }

    @Test
    void exportImportAndCopyFromAnotherServerGiveTheSameAnswers() throws Exception {
        Map<String, Object> expected = answers(source);
        assertFalse(((List<?>) expected.get("facts ann")).isEmpty(), "the seed has facts");

        Path backup = work.resolve("backup.jsonl.gz");
        String exported = cli("export", "--out", backup.toString(), "--url", source.url(), "--api-key", source.key());
        assertTrue(exported.contains("exported 2 users, 3 sessions, 133 messages"), exported);
        String imported = cli("import", "--file", backup.toString(), "--url", target.url(), "--api-key", target.key());
        assertTrue(imported.contains("imported 2 users, 3 sessions, 133 messages"), imported);
        assertSame(expected, answers(target), "after export and import");
        String again = cli("import", "--file", backup.toString(), "--url", target.url(), "--api-key", target.key());
        assertTrue(again.contains("imported 0 users, 0 sessions, 0 messages, 0 facts, 0 summary"), again);
        assertSame(expected, answers(target), "after a second import, which changes nothing");

        for (String user : USERS) {
            call(target, "DELETE", "/users/" + user, null);
        }
        // What a run stopped after its first user leaves behind.
        Path checkpoint = work.resolve("copy.checkpoint.json");
        Files.writeString(checkpoint, "{\"from\":\"" + source.api() + "\",\"users_done\":[\"ann\"]}");
        String resumed = cli("import", "--from", source.url(), "--api-key", source.key(), "--checkpoint", checkpoint.toString(),
                "--url", target.url(), "--target-api-key", target.key());
        assertTrue(resumed.contains("resuming: 1 user(s) done"), resumed);
        assertTrue(resumed.contains("not copied 1 record(s): user done in an earlier run (checkpoint)"), resumed);
        assertTrue(resumed.contains("stored   1 user, 1 session, 3 messages"), resumed);
        assertFalse(Files.exists(checkpoint), "a completed copy removes its checkpoint");
        assertEquals(404, call(target, "GET", "/users/ann", null).statusCode(), "ann was left to the earlier run");

        String complete = cli("import", "--from", source.api(), "--api-key", source.key(), "--checkpoint", checkpoint.toString(),
                "--url", target.url(), "--target-api-key", target.key());
        assertTrue(complete.contains("stored   1 user, 2 sessions, 130 messages"), complete);
        assertTrue(complete.contains("skipped  1 user, 1 session, 3 messages"), complete);
        // The users list is newest first by the target's own order of storing: the resumed run
        // stored ben before ann, so the list is compared as a set.
        assertSame(withUsersById(expected), withUsersById(answers(target)), "after the copy through the API");
    }

    // --- the two servers -------------------------------------------------------------------------

    private static Server start(String name) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String key = name + "-key";
        Path log = work.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(java(), "-Xmx512m", "-XX:+UseSerialGC", "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.remove("ENGRAM_DB_URL");
        env.remove("QUARKUS_DATASOURCE_JDBC_URL");
        env.put("ENGRAM_DATA_DIR", work.resolve(name).toString());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("ENGRAM_AUTH_API_KEYS", key);
        return new Server(pb.start(), "http://127.0.0.1:" + port, key, log);
    }

    private static void awaitReady(Server server) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!server.process().isAlive()) {
                throw new AssertionError("server exited: " + Files.readString(server.log()));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("server not ready after 180 s: " + Files.readString(server.log()));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs the packaged jar as the command {@code engram ...}; answers its output, or fails on a non-zero exit. */
    private static String cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "cli", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().remove("ENGRAM_URL");
        pb.environment().remove("ENGRAM_API_KEY");
        pb.environment().remove("ENGRAM_AUTH_API_KEYS");
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "engram " + args[0] + " did not finish in 300 s");
        String output = Files.readString(out);
        assertEquals(0, p.exitValue(), () -> "engram " + String.join(" ", args) + " failed:\n" + output);
        return output;
    }

    // --- seeding and reading through the API -------------------------------------------------------

    private static void seed() throws Exception {
        call(source, "POST", "/users", Map.of("user_id", "ann", "first_name", "Ann", "email", "ann@example.com",
                "metadata", Map.of("plan", "pro"), "fact_rating_instruction", Map.of("instruction", "useful to a travel agent")));
        call(source, "POST", "/users", Map.of("user_id", "ben", "last_name", "Berg"));
        call(source, "POST", "/sessions", Map.of("session_id", "ann-1", "user_id", "ann", "metadata", Map.of("topic", "trips")));
        call(source, "POST", "/sessions", Map.of("session_id", "ann-2", "user_id", "ann"));
        call(source, "POST", "/sessions", Map.of("session_id", "ben-1", "user_id", "ben"));
        // 130 messages: more than one page of the source's message list (100 per page).
        for (int batch = 0; batch < 5; batch++) {
            List<Map<String, Object>> messages = new ArrayList<>();
            for (int i = 0; i < 26; i++) {
                int n = batch * 26 + i;
                messages.add(Map.of("role", n % 2 == 0 ? "Ann" : "Guide", "role_type", n % 2 == 0 ? "user" : "assistant",
                        "content", n == 0 ? "I live in Lyon and I am afraid of flying." : "Trip note " + n + " about the Alps.",
                        "metadata", Map.of("n", n), "created_at", String.format("2024-01-01T10:%02d:%02d.000123Z", n / 60, n % 60)));
            }
            call(source, "POST", "/sessions/ann-1/memory", Map.of("messages", messages));
        }
        call(source, "POST", "/sessions/ann-2/facts", Map.of("facts", List.of(Map.of("fact", "Ann prefers trains"))));
        call(source, "POST", "/sessions/ben-1/memory", Map.of("messages", List.of(
                Map.of("role_type", "user", "content", "My sister Eva is a pilot in Oslo."),
                Map.of("role_type", "assistant", "content", "Noted."),
                Map.of("role_type", "system", "content", "Keep answers short."))));
        call(source, "POST", "/sessions/ben-1/end", Map.of());
        long deadline = System.currentTimeMillis() + 240_000;
        while (true) {
            JsonNode status = JSON.readTree(call(source, "GET", "/status", null).body());
            boolean summarized = JSON.readTree(call(source, "GET", "/sessions/ben-1/summary", null).body())
                    .path("summaries").size() > 0;
            if (summarized && status.at("/jobs/pending").asLong() + status.at("/jobs/running").asLong() == 0) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the source's background work did not finish: " + status);
            }
            Thread.sleep(250);
        }
    }

    /** Equal answers, or a failure naming the first answer that differs (the whole set is long). */
    private static void assertSame(Map<String, Object> expected, Map<String, Object> actual, String when) {
        assertEquals(expected.keySet(), actual.keySet(), when);
        for (String key : expected.keySet()) {
            assertEquals(expected.get(key), actual.get(key), "the target answers '" + key + "' as the source " + when);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withUsersById(Map<String, Object> answers) {
        Map<String, Object> copy = new LinkedHashMap<>(answers);
        List<Map<String, Object>> users = new ArrayList<>((List<Map<String, Object>>) answers.get("users"));
        users.sort(java.util.Comparator.comparing(u -> (String) u.get("user_id")));
        copy.put("users", users);
        return copy;
    }

    /** What the API answers about the seeded users and sessions, internal ids left out. */
    private static Map<String, Object> answers(Server server) throws Exception {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("users", withoutIds(json(server, "/users-ordered").get("users")));
        for (String user : USERS) {
            all.put("user " + user, withoutIds(json(server, "/users/" + user)));
            JsonNode sessions = json(server, "/users/" + user + "/sessions");
            all.put("sessions " + user, withoutIds(sessions));
            all.put("facts " + user, JSON.convertValue(json(server, "/users/" + user + "/facts").get("facts"), List.class));
            for (JsonNode s : sessions) {
                String id = s.get("session_id").asText();
                all.put("messages " + id, JSON.convertValue(json(server, "/sessions/" + id + "/messages"), Map.class));
                all.put("summaries " + id, JSON.convertValue(json(server, "/sessions/" + id + "/summary"), Map.class));
                all.put("facts " + id, JSON.convertValue(json(server, "/sessions/" + id + "/facts"), Map.class));
            }
        }
        return all;
    }

    /** The internal {@code id} numbers and the installation's {@code project_uuid} are each server's own. */
    private static Object withoutIds(JsonNode node) {
        JsonNode copy = node.deepCopy();
        List<JsonNode> objects = copy.isArray() ? new ArrayList<>() : new ArrayList<>(List.of(copy));
        if (copy.isArray()) {
            ((ArrayNode) copy).forEach(objects::add);
        }
        for (JsonNode o : objects) {
            ((ObjectNode) o).remove(List.of("id", "project_uuid"));
        }
        return JSON.convertValue(copy, Object.class);
    }

    private static JsonNode json(Server server, String path) throws Exception {
        HttpResponse<String> answer = call(server, "GET", path, null);
        assertEquals(200, answer.statusCode(), () -> path + ": " + answer.body());
        return JSON.readTree(answer.body());
    }

    private static HttpResponse<String> call(Server server, String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.api() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Api-Key " + server.key()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (!method.equals("GET") && answer.statusCode() >= 300) {
            throw new AssertionError(method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer;
    }
}
