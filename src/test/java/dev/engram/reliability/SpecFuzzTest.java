package dev.engram.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.ApiTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a seeded fuzz test generated from {@code openapi/zep-v2.yaml}. Every request is a
 * valid baseline of a random operation with one hostile mutation (missing, extra, wrongly typed,
 * huge or odd-Unicode fields, deep nesting, huge arrays, bodies that are not JSON, bad
 * percent-escapes and odd segments in the path and query, odd methods and headers), sent raw over
 * a socket. Each answer must come within 10 s, never be a 5xx, and every 4xx/5xx must be a JSON
 * {@code {"message": "..."}}. Afterwards, records seeded before the run (and never targeted by a
 * mutating request) must read back unchanged.
 *
 * <p>{@code -Dfuzz.seed} (default 13) fixes the sequence; {@code -Dfuzz.requests} (default 2000;
 * {@code make fuzz} sends 10000) its length. The figures and one minimal reproduction per failure
 * class are printed and written to {@code target/fuzz-report.txt}.
 */
@QuarkusTest
class SpecFuzzTest extends ApiTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMEOUT_MS = Integer.getInteger("fuzz.timeout-ms", 10_000);
    /** Once a kind of request has hung this often, later ones of the same kind are skipped (each costs the timeout). */
    private static final int HANGS_BEFORE_SKIPPING = 2;

    private static final String SEED_USER = "fz-seed-user";
    private static final String SEED_SESSION = "fz-seed-session";

    private FuzzHttp http;
    private final List<FuzzGenerator.Target> playground = new ArrayList<>();
    private final Map<String, Group> failures = new TreeMap<>();
    private int provisioned;

    /** All failures of one class (check, status, mutation): how many, on which operations, the smallest example. */
    private static final class Group {
        int count;
        int first = -1;
        final Set<String> operations = new LinkedHashSet<>();
        FuzzGenerator.Fuzz example;
        FuzzHttp.Response response;
        String detail;

        void add(int index, FuzzGenerator.Fuzz fuzz, FuzzHttp.Response r, String d) {
            if (count++ == 0) {
                first = index;
            }
            operations.add(fuzz.operation().toString());
            if (example == null || size(fuzz) < size(example)) {
                example = fuzz;
                response = r;
                detail = d;
            }
        }

        private static long size(FuzzGenerator.Fuzz f) {
            return f.request().target().length() + (f.request().body() == null ? 0 : f.request().body().length);
        }
    }

    @Test
    void theServerSurvivesHostileRequestsGeneratedFromTheSpec() throws IOException {
        long seed = Long.getLong("fuzz.seed", 13);
        int requests = Integer.getInteger("fuzz.requests", 2000);
        Path spec = Path.of(System.getProperty("contract.spec", "openapi/zep-v2.yaml"));
        http = new FuzzHttp("localhost", RestAssured.port, TIMEOUT_MS);

        // --- records that must survive the run unchanged -------------------------------------
        FuzzGenerator.Target seeded = seed();
        awaitProcessed(SEED_SESSION);
        Map<String, JsonNode> snapshot = readSeeded();

        Random random = new Random(seed);
        FuzzGenerator generator = new FuzzGenerator(FuzzSpec.load(spec), random, new FuzzGenerator.World() {
            @Override
            public FuzzGenerator.Target seeded() {
                return seeded;
            }

            @Override
            public FuzzGenerator.Target playground(Random r) {
                int recent = Math.min(4, playground.size());
                return playground.get(playground.size() - 1 - r.nextInt(recent));
            }
        });

        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, Map<String, Integer>> byCategory = new TreeMap<>();
        Map<String, Integer> hangs = new LinkedHashMap<>();
        List<String> slowest = new ArrayList<>();
        List<long[]> times = new ArrayList<>();
        int skipped = 0;
        long started = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            if (i % 25 == 0 || playground.isEmpty()) {
                provision();
            }
            FuzzGenerator.Fuzz fuzz = generator.next();
            String hangKey = fuzz.request().method() + " " + fuzz.mutation();
            if (hangs.getOrDefault(hangKey, 0) >= HANGS_BEFORE_SKIPPING) {
                skipped++;
                continue;
            }
            FuzzHttp.Response response = http.send(fuzz.request());
            String status = response.error() != null ? "none" : String.valueOf(response.status());
            statuses.merge(status, 1, Integer::sum);
            String category = fuzz.mutation().split("[.:]")[0];
            byCategory.computeIfAbsent(category, k -> new TreeMap<>()).merge(status, 1, Integer::sum);
            times.add(new long[] {response.millis(), i});
            if (response.millis() > 2000) {
                slowest.add(response.millis() + " ms  " + fuzz.request().method() + " " + fuzz.operation().template()
                        + "  [" + fuzz.mutation() + "] -> " + (response.error() != null ? response.error() : response.status()));
            }
            check(i, fuzz, response, hangs, hangKey);
        }
        long elapsed = (System.nanoTime() - started) / 1_000_000;

        // --- the seeded records read back unchanged ---------------------------------------------
        Map<String, JsonNode> after = readSeeded();
        for (Map.Entry<String, JsonNode> e : snapshot.entrySet()) {
            JsonNode now = after.get(e.getKey());
            if (!e.getValue().equals(now)) {
                String detail = "before: " + truncate(e.getValue().toString(), 600) + "\n      after:  "
                        + truncate(String.valueOf(now), 600);
                failures.computeIfAbsent("data-integrity | " + e.getKey(), k -> new Group())
                        .add(requests, new FuzzGenerator.Fuzz(new FuzzSpec.Operation("read", "GET", e.getKey(), List.of(), null, false),
                                "none", new FuzzHttp.Request("GET", e.getKey(), List.of(), null, false)), null, detail);
            }
        }

        String report = report(seed, requests, skipped, elapsed, statuses, byCategory, slowest, times);
        System.out.println(report);
        Path out = Path.of("target", "fuzz-report.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
        assertTrue(failures.isEmpty(), report);
    }

    // --- checks ------------------------------------------------------------------------------

    private void check(int index, FuzzGenerator.Fuzz fuzz, FuzzHttp.Response r, Map<String, Integer> hangs, String hangKey) {
        if (r.error() != null) {
            boolean timeout = r.error().startsWith("no complete answer");
            if (timeout) {
                hangs.merge(hangKey, 1, Integer::sum);
            }
            fail(index, timeout ? "timeout>" + TIMEOUT_MS / 1000 + "s" : "no-answer", 0, fuzz, r, r.error());
            return;
        }
        if (r.status() >= 500) {
            fail(index, "5xx", r.status(), fuzz, r, null);
        }
        if (answeredByHttpLayer(r)) {
            httpLayerAnswers++;
            return;
        }
        if (r.status() >= 400 && !fuzz.request().method().equals("HEAD")) {
            String problem = errorShapeProblem(r);
            if (problem != null) {
                fail(index, "error-not-json", r.status(), fuzz, r, problem);
            }
        }
    }

    /**
     * A malformed percent-escape or raw non-ASCII in the request line (400), a request line over
     * 4 KB (414) or headers over 20 KB (431) are refused by Quarkus's root HTTP handler and
     * Vert.x's codec before any route runs, with an empty body: Quarkus has no hook there (see the
     * README's "Errors before the application"). Counted and reported, not failed; the
     * application itself never answers an empty error.
     */
    private static boolean answeredByHttpLayer(FuzzHttp.Response r) {
        return (r.status() == 400 || r.status() == 414 || r.status() == 431)
                && r.body().length == 0 && r.contentType().isEmpty();
    }

    private int httpLayerAnswers;

    /** Why an error answer is not the contract's {@code {"message": "..."}} as JSON, or null. */
    private static String errorShapeProblem(FuzzHttp.Response r) {
        if (!r.contentType().toLowerCase().startsWith("application/json")) {
            return "Content-Type '" + r.contentType() + "', " + r.body().length + " body bytes";
        }
        try {
            JsonNode body = JSON.readTree(r.body());
            if (body == null || !body.isObject() || !body.path("message").isTextual() || body.path("message").asText().isBlank()) {
                return "body is not {\"message\": \"...\"}";
            }
            return null;
        } catch (IOException e) {
            return "body is not JSON";
        }
    }

    private void fail(int index, String check, int status, FuzzGenerator.Fuzz fuzz, FuzzHttp.Response r, String detail) {
        String key = check + " | " + (status == 0 ? "-" : status) + " | " + fuzz.mutation();
        failures.computeIfAbsent(key, k -> new Group()).add(index, fuzz, r, detail);
    }

    // --- seeded and playground records ------------------------------------------------------

    private FuzzGenerator.Target seed() {
        api().body(map("user_id", SEED_USER, "email", "zoë@example.com", "first_name", "Zoë", "last_name", "שלום",
                        "metadata", map("plan", "gold", "tags", List.of("a", "b"), "nested", map("deep", map("x", 1)),
                                "emoji", "😀"),
                        "fact_rating_instruction", map("instruction", "rate by relevance")))
                .post("/api/v2/users").then().statusCode(201);
        api().body(map("session_id", SEED_SESSION, "user_id", SEED_USER, "metadata", map("channel", "web", "n", 3)))
                .post("/api/v2/sessions").then().statusCode(201);
        addMessages(SEED_SESSION, List.of(
                map("role", "Zoë", "role_type", "user", "content", "My name is Zoë and I love hiking 🥾 in the Alps.",
                        "metadata", map("topic", "hiking", "score", 0.5)),
                map("role", "Bot", "role_type", "assistant", "content", "Noted!\nYou like hiking. \u200Fשלום",
                        "metadata", map("topic", "ack")),
                map("role", "Zoë", "role_type", "user", "content", "I live in Lisbon.", "metadata", map("topic", "home",
                        "nested", map("a", List.of(1, 2, 3)))),
                map("role_type", "system", "content", "Be concise.")));
        List<String> uuids = getJson("/api/v2/sessions/{id}/messages", SEED_SESSION).getList("messages.uuid", String.class);
        return new FuzzGenerator.Target(SEED_USER, SEED_SESSION, uuids, "00000000-0000-0000-0000-000000000000", true);
    }

    private Map<String, JsonNode> readSeeded() throws IOException {
        Map<String, JsonNode> read = new LinkedHashMap<>();
        for (String path : List.of("/api/v2/users/" + SEED_USER, "/api/v2/sessions/" + SEED_SESSION,
                "/api/v2/sessions/" + SEED_SESSION + "/messages")) {
            FuzzHttp.Response r = http.send(new FuzzHttp.Request("GET", path, List.of(), null, false));
            read.put(path, r.status() == 200 ? JSON.readTree(r.body())
                    : JSON.createObjectNode().put("status", r.status()).put("body", r.bodyText()).put("error", r.error()));
        }
        return read;
    }

    /** A fresh user with a session, three messages and a fact, which the fuzzer may change or delete. */
    private void provision() {
        int n = ++provisioned;
        String user = "fz-pu-" + n;
        String session = "fz-ps-" + n;
        try {
            post("/api/v2/users", "{\"user_id\":\"" + user + "\",\"first_name\":\"Ada\",\"metadata\":{\"k\":1}}");
            post("/api/v2/sessions", "{\"session_id\":\"" + session + "\",\"user_id\":\"" + user + "\"}");
            post("/api/v2/sessions/" + session + "/memory", "{\"messages\":["
                    + "{\"role\":\"Ada\",\"role_type\":\"user\",\"content\":\"My name is Ada and I love hiking.\"},"
                    + "{\"role\":\"Bot\",\"role_type\":\"assistant\",\"content\":\"What about it?\"},"
                    + "{\"role\":\"Ada\",\"role_type\":\"user\",\"content\":\"Can you tell me about the Alps?\"}]}");
            post("/api/v2/sessions/" + session + "/facts", "{\"facts\":[{\"fact\":\"Ada likes hiking\"}]}");
            JsonNode messages = JSON.readTree(get("/api/v2/sessions/" + session + "/messages").body());
            List<String> uuids = new ArrayList<>();
            messages.path("messages").forEach(m -> uuids.add(m.path("uuid").asText()));
            JsonNode facts = JSON.readTree(get("/api/v2/sessions/" + session + "/facts").body());
            String fact = facts.path("facts").path(0).path("uuid").asText("00000000-0000-0000-0000-000000000001");
            playground.add(new FuzzGenerator.Target(user, session, uuids, fact, false));
        } catch (IOException | IllegalStateException e) {
            failures.computeIfAbsent("provisioning | " + e.getMessage(), k -> new Group());
            if (playground.isEmpty()) {
                throw new AssertionError("cannot create the fuzzer's own records: " + e.getMessage(), e);
            }
        }
    }

    private FuzzHttp.Response post(String path, String json) {
        FuzzHttp.Response r = http.send(new FuzzHttp.Request("POST", path,
                List.<String[]>of(new String[] {"Content-Type", "application/json"}), json.getBytes(StandardCharsets.UTF_8), false));
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " -> " + r.status() + " " + r.error() + " " + truncate(r.bodyText(), 200));
        }
        return r;
    }

    private FuzzHttp.Response get(String path) {
        FuzzHttp.Response r = http.send(new FuzzHttp.Request("GET", path, List.of(), null, false));
        if (r.status() != 200) {
            throw new IllegalStateException("GET " + path + " -> " + r.status() + " " + r.error());
        }
        return r;
    }

    // --- the report --------------------------------------------------------------------------

    private String report(long seed, int requests, int skipped, long elapsed, Map<String, Integer> statuses,
                          Map<String, Map<String, Integer>> byCategory, List<String> slowest, List<long[]> times) {
        StringBuilder s = new StringBuilder();
        s.append("\n==== SpecFuzzTest: seed ").append(seed).append(", ").append(requests).append(" generated, ")
                .append(requests - skipped).append(" sent, ").append(skipped)
                .append(" skipped (a kind of request that already hung ").append(HANGS_BEFORE_SKIPPING).append(" times), ")
                .append(elapsed / 1000.0).append(" s\n");
        s.append("status counts (none = no answer): ").append(statuses).append('\n');
        s.append("empty 400/414/431 from the HTTP layer before any route (not failed, see answeredByHttpLayer): ")
                .append(httpLayerAnswers).append('\n');
        byCategory.forEach((c, counts) -> s.append("  by mutation ").append(c).append(": ").append(counts).append('\n'));
        times.sort(Comparator.comparingLong(t -> t[0]));
        if (!times.isEmpty()) {
            s.append("latency ms: median ").append(times.get(times.size() / 2)[0]).append(", p99 ")
                    .append(times.get(times.size() * 99 / 100)[0]).append(", max ").append(times.get(times.size() - 1)[0])
                    .append('\n');
        }
        if (!slowest.isEmpty()) {
            s.append("requests over 2 s (").append(slowest.size()).append("):\n");
            slowest.stream().limit(30).forEach(l -> s.append("  ").append(l).append('\n'));
        }
        Map<String, Integer> byCheck = new TreeMap<>();
        failures.forEach((k, g) -> byCheck.merge(k.substring(0, k.indexOf(" |")), Math.max(1, g.count), Integer::sum));
        s.append("failures by check: ").append(byCheck).append('\n');
        s.append(failures.size()).append(" distinct failure classes (check | status | mutation):\n");
        failures.forEach((key, g) -> {
            s.append("\n* ").append(key).append("  x").append(g.count).append('\n');
            if (g.example == null) {
                return;
            }
            s.append("    first at request #").append(g.first).append(", operations: ").append(g.operations).append('\n');
            if (g.detail != null) {
                s.append("    why: ").append(g.detail).append('\n');
            }
            FuzzHttp.Request req = g.example.request();
            s.append("    request: ").append(req.method()).append(' ').append(truncate(req.target(), 300)).append('\n');
            List<String> headers = new ArrayList<>();
            req.headers().forEach(h -> headers.add(h[0] + ": " + truncate(h[1], 80)));
            if (req.chunked()) {
                headers.add("Transfer-Encoding: chunked");
            }
            s.append("    headers: ").append(headers).append('\n');
            if (req.body() != null) {
                s.append("    body (").append(req.body().length).append(" bytes): ").append(printable(req.body(), 300)).append('\n');
            }
            if (g.response != null) {
                s.append("    answer: ").append(g.response.error() != null ? g.response.error()
                        : g.response.status() + ", Content-Type '" + g.response.contentType() + "', " + g.response.millis()
                        + " ms, body: " + printable(g.response.body(), 300)).append('\n');
            }
        });
        return s.toString();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…(" + s.length() + " chars)";
    }

    /** Bytes as text: UTF-8 where valid and printable, {@code \xNN} otherwise. */
    static String printable(byte[] bytes, int max) {
        StringBuilder s = new StringBuilder();
        int i = 0;
        while (i < bytes.length && s.length() < max) {
            int b = bytes[i] & 0xFF;
            int len = b < 0x80 ? 1 : b >= 0xF0 && b < 0xF5 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0;
            if (len == 1 && b >= 0x20 && b != 0x7F) {
                s.append((char) b);
                i++;
                continue;
            }
            if (len > 1 && i + len <= bytes.length) {
                boolean ok = true;
                for (int j = 1; j < len; j++) {
                    ok &= (bytes[i + j] & 0xC0) == 0x80;
                }
                String c = new String(bytes, i, len, StandardCharsets.UTF_8);
                if (ok && !c.contains("\uFFFD") && !Character.isISOControl(c.codePointAt(0))) {
                    s.append(c);
                    i += len;
                    continue;
                }
            }
            s.append(String.format("\\x%02X", b));
            i++;
        }
        return i < bytes.length ? s + "…(" + bytes.length + " bytes)" : s.toString();
    }
}
