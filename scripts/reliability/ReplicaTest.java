/*
 * Replica test: two Engram processes on one PostgreSQL share the work, and a replica killed with
 * kill -9 in the middle of ingest loses none of it and doubles none of it.
 *
 *   java scripts/reliability/ReplicaTest.java --pg-url jdbc:postgresql://127.0.0.1:55452/engram [options]
 *
 * Starts two replicas of the packaged server on the same (fresh) database, each with its own data
 * directory (search index) and port, and a short job lease. Then:
 *  1. visibility: a message written through one replica is searched for through the other until
 *     it is found (both directions); the delays are printed (the index follows the database's
 *     change log, polling every engram.search.poll-interval);
 *  2. load: writer threads, one per session, two sessions per user, send a conversation that
 *     teaches facts and grows summaries, alternating between the replicas request by request;
 *     the same user's two sessions repeat the same statements, so the same facts are learnt
 *     from both replicas at once;
 *  3. while ingest jobs are running, one replica is killed with SIGKILL; the writers go on with
 *     the survivor (a request cut off by the kill got no answer and is not counted);
 *  4. the survivor must drain the queue alone: the killed replica's jobs come back to it when
 *     their lease runs out ("taking it over" in its log);
 *  5. checks, through the survivor's API and psql: every acknowledged message is stored exactly
 *     once and processed, no job is left or parked, no user has two valid facts with the same
 *     text, no two summaries of a session cover the same message, and facts and summaries exist.
 *
 * Options:
 *   --pg-url URL        database (jdbc:postgresql://host:port/db), fresh; --pg-user/--pg-password
 *                       (default engram/engram, as scripts/pg-test.sh)
 *   --jar PATH          server jar (default target/quarkus-app/quarkus-run.jar)
 *   --profile NAME      QUARKUS_PROFILE for the servers (default none: ENGRAM_DB_URL alone selects PostgreSQL)
 *   --psql PATH         psql binary (default /usr/lib/postgresql/15/bin/psql)
 *   --users N           users (default 3; two sessions each, one writer thread per session)
 *   --batches N         batches of two messages per session (default 16)
 *   --lease D           engram.jobs.lease of the servers (default 5s)
 *   --seed N            random seed (which replica dies, when); printed so a run can be repeated
 *   --env K=V           extra environment variable for both servers (repeatable)
 *   --keep              keep the temp dir (server logs, data dirs); also kept on failure
 *
 * Exit status 0: all checks passed; 1: a check failed or a server misbehaved; 2: bad usage.
 * Only the JDK and psql are needed (single-file launch).
 */

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

public class ReplicaTest {

    static final int READY_TIMEOUT_S = 180;
    static final int DRAIN_TIMEOUT_S = 150;
    static final Pattern UUID_FIELD = Pattern.compile("\"uuid\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern PROCESSED_FIELD = Pattern.compile("\"processed\"\\s*:\\s*(true|false)");
    static final Pattern ANY_UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** What a user tells in each of their sessions: statements the fact extractor learns from. */
    static final String[] STATEMENTS = {
        "I moved to Lisbon last spring.",
        "I work as a nurse at the city hospital.",
        "My sister Maria lives in Porto.",
        "I love sailing on weekends.",
        "My dog is called Rex.",
        "I am allergic to peanuts.",
        "I started learning the piano in January.",
        "My favourite food is grilled sardines.",
    };

    // ---- options ----
    String pgUrl, pgUser = "engram", pgPassword = "engram";
    String jar = "target/quarkus-app/quarkus-run.jar";
    String profile = "none";
    String psql = "/usr/lib/postgresql/15/bin/psql";
    int users = 3, batches = 16;
    String lease = "5s";
    long seed = System.nanoTime();
    boolean keep;
    final Map<String, String> extraEnv = new LinkedHashMap<>();

    // ---- state ----
    final String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    final String apiKey = "replica-" + UUID.randomUUID();
    Path work;
    final Replica[] replicas = new Replica[2];
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final List<String> failures = new ArrayList<>();

    static final class Replica {
        final String name;
        Path dataDir, log;
        int port;
        Process process;
        volatile boolean dead;

        Replica(String name) {
            this.name = name;
        }

        String api() {
            return "http://127.0.0.1:" + port + "/api/v2";
        }
    }

    public static void main(String[] args) throws Exception {
        ReplicaTest t = new ReplicaTest();
        try {
            t.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ReplicaTest: " + e.getMessage());
            System.err.println("usage: java scripts/reliability/ReplicaTest.java --pg-url URL [--pg-user U] [--pg-password P]"
                    + " [--jar PATH] [--profile NAME|none] [--psql PATH] [--users N] [--batches N] [--lease D] [--seed N]"
                    + " [--env K=V]... [--keep]");
            System.exit(2);
        }
        System.exit(t.run());
    }

    void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--keep")) { keep = true; continue; }
            if (i + 1 >= args.length) throw new IllegalArgumentException("missing value after " + a);
            String v = args[++i];
            switch (a) {
                case "--pg-url" -> pgUrl = v;
                case "--pg-user" -> pgUser = v;
                case "--pg-password" -> pgPassword = v;
                case "--jar" -> jar = v;
                case "--profile" -> profile = v;
                case "--psql" -> psql = v;
                case "--users" -> users = Integer.parseInt(v);
                case "--batches" -> batches = Integer.parseInt(v);
                case "--lease" -> lease = v;
                case "--seed" -> seed = Long.parseLong(v);
                case "--env" -> {
                    int eq = v.indexOf('=');
                    if (eq < 1) throw new IllegalArgumentException("--env wants K=V, got " + v);
                    extraEnv.put(v.substring(0, eq), v.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (pgUrl == null || !pgUrl.matches("jdbc:postgresql://[^/:]+:\\d+/\\w+"))
            throw new IllegalArgumentException("--pg-url jdbc:postgresql://host:port/db is required");
        if (users < 1 || batches < 8) throw new IllegalArgumentException("--users ≥ 1 and --batches ≥ 8");
    }

    int run() throws Exception {
        if (!Files.isRegularFile(Path.of(jar))) {
            System.err.println("[replica] ERROR: " + jar + " not found");
            return 1;
        }
        long started = System.nanoTime();
        work = Files.createTempDirectory("engram-replicas-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Replica r : replicas) if (r != null && r.process != null && r.process.isAlive()) r.process.destroyForcibly();
        }));
        Random random = new Random(seed);
        log("2 replicas, %d users × 2 sessions × %d batches, lease %s, seed %d, jar %s, database %s", users, batches,
                lease, seed, jar, pgUrl);
        try {
            // Both start at once on the fresh database: Flyway and the installation row must cope.
            for (int i = 0; i < 2; i++) replicas[i] = launch("r" + (i + 1));
            for (Replica r : replicas) if (!awaitReady(r)) return finish(1, started);
            log("both replicas ready in %.1f s (ports %d and %d)", secondsSince(started), replicas[0].port, replicas[1].port);

            visibility();

            // ---- users and sessions (round robin), then the load ----
            AtomicInteger turn = new AtomicInteger();
            List<String> sessions = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                String user = "rep-" + runId + "-u" + u;
                expect2xx(post(pick(turn), "/users", "{\"user_id\":\"" + user + "\",\"first_name\":\"Ada\"}"), "create user");
                for (int s = 0; s < 2; s++) {
                    String session = user + "-s" + s;
                    expect2xx(post(pick(turn), "/sessions", "{\"session_id\":\"" + session + "\",\"user_id\":\"" + user + "\"}"),
                            "create session");
                    sessions.add(session);
                }
            }
            Map<String, List<String>> acked = new ConcurrentHashMap<>();
            AtomicLong ackedCount = new AtomicLong(), cutOff = new AtomicLong();
            CountDownLatch firstAck = new CountDownLatch(1);
            List<Thread> writers = new ArrayList<>();
            for (String session : sessions) {
                List<String> mine = java.util.Collections.synchronizedList(new ArrayList<>());
                acked.put(session, mine);
                writers.add(new Thread(() -> write(session, turn, mine, ackedCount, cutOff, firstAck), "writer-" + session));
            }
            long loadStart = System.nanoTime();
            writers.forEach(Thread::start);
            if (!firstAck.await(60, TimeUnit.SECONDS)) failures.add("no message acknowledged within 60 s");

            // ---- kill one replica while jobs are running ----
            Replica victim = replicas[random.nextInt(2)], survivor = victim == replicas[0] ? replicas[1] : replicas[0];
            Thread.sleep(1500 + random.nextInt(2000));
            long running = 0;
            for (long deadline = System.currentTimeMillis() + 20_000; System.currentTimeMillis() < deadline; Thread.sleep(100)) {
                running = sqlLong("SELECT count(*) FROM jobs WHERE status = 'running'");
                if (running >= 2) break;
            }
            long ackedBeforeKill = ackedCount.get();
            victim.dead = true;
            victim.process.destroyForcibly();
            int exit = victim.process.waitFor();
            log("killed %s (exit %d) %.1f s into the load: %d messages acknowledged, %d jobs running, %d queued",
                    victim.name, exit, secondsSince(loadStart), ackedBeforeKill, running,
                    sqlLong("SELECT count(*) FROM jobs"));
            for (Thread t : writers) t.join(120_000);
            log("load done in %.1f s: %d messages acknowledged in %d sessions, %d requests cut off by the kill",
                    secondsSince(loadStart), ackedCount.get(), sessions.size(), cutOff.get());

            // ---- the survivor drains the queue alone ----
            long drainStart = System.nanoTime();
            long left = -1, unprocessed = -1;
            for (long deadline = System.currentTimeMillis() + DRAIN_TIMEOUT_S * 1000L; System.currentTimeMillis() < deadline; Thread.sleep(500)) {
                left = sqlLong("SELECT count(*) FROM jobs WHERE status <> 'parked'");
                unprocessed = sqlLong("SELECT count(*) FROM messages WHERE NOT processed");
                if (left == 0 && unprocessed == 0) break;
            }
            List<String> survivorLog = Files.readAllLines(survivor.log, StandardCharsets.UTF_8);
            long takenOver = survivorLog.stream().filter(l -> l.contains("taking it over")).count();
            // Runs rolled back by the fence: work done twice (harmless, but a sign of leases too short).
            long fenced = survivorLog.stream().filter(l -> l.contains("was taken over by another worker")).count();
            log("survivor %s drained the queue in %.1f s after the load; it took over %d job(s) of %s whose lease ran out;"
                    + " runs rolled back by the fence: %d", survivor.name, secondsSince(drainStart), takenOver, victim.name, fenced);
            if (left != 0 || unprocessed != 0)
                failures.add("not drained after " + DRAIN_TIMEOUT_S + " s: " + left + " jobs, " + unprocessed + " unprocessed messages");
            if (takenOver == 0)
                failures.add("the kill hit no running job of " + victim.name + " (nothing was taken over): the test proved nothing");

            check(survivor, acked);
            survivor.process.destroy();
            survivor.process.waitFor(30, TimeUnit.SECONDS);
        } finally {
            for (Replica r : replicas) if (r != null && r.process != null && r.process.isAlive()) r.process.destroyForcibly().waitFor();
        }
        return finish(failures.isEmpty() ? 0 : 1, started);
    }

    // ------------------------------------------------------------------------------------------
    // Visibility across replicas

    /**
     * A message added through one replica, searched for through the other until found. The
     * write's own replica waits for its own commits before searching; the other one finds it
     * when its index follower next polls the change log.
     */
    void visibility() throws Exception {
        String user = "rep-" + runId + "-probe";
        expect2xx(post(replicas[0], "/users", "{\"user_id\":\"" + user + "\"}"), "create probe user");
        String session = user + "-s";
        expect2xx(post(replicas[0], "/sessions", "{\"session_id\":\"" + session + "\",\"user_id\":\"" + user + "\"}"),
                "create probe session");
        // Warm-up: the first search of a process loads the embedding model for the query's vector.
        for (Replica r : replicas) post(r, "/sessions/" + session + "/search", "{\"text\":\"warm up\"}");
        List<String> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Replica writer = replicas[i % 2], reader = replicas[(i + 1) % 2];
            String word = "zq" + Long.toString(Math.abs(new Random().nextLong()), 36);
            expect2xx(post(writer, "/sessions/" + session + "/memory",
                    "{\"messages\":[{\"role_type\":\"user\",\"content\":\"The password is " + word + ".\"}]}"), "probe message");
            long t0 = System.nanoTime(), last;
            while (true) {
                last = System.nanoTime();
                HttpResponse<String> r = post(reader, "/sessions/" + session + "/search", "{\"text\":\"" + word + "\"}");
                if (r.statusCode() == 200 && r.body().contains(word)) break;
                if (secondsSince(t0) > 10) {
                    failures.add("a message written through " + writer.name + " was not found through " + reader.name + " after 10 s");
                    break;
                }
                Thread.sleep(10);
            }
            long now = System.nanoTime();
            delays.add((now - t0) / 1_000_000 + " (" + (now - last) / 1_000_000 + ")");
        }
        log("a write through one replica found by a search through the other after ms (in brackets: that"
                + " search's own time): %s", delays);
    }

    // ------------------------------------------------------------------------------------------
    // Load

    void write(String session, AtomicInteger turn, List<String> acked, AtomicLong ackedCount, AtomicLong cutOff,
               CountDownLatch firstAck) {
        for (int b = 0; b < batches; b++) {
            String user = UUID.randomUUID().toString(), assistant = UUID.randomUUID().toString();
            String statement = STATEMENTS[b % STATEMENTS.length];
            String body = "{\"messages\":["
                    + "{\"uuid\":\"" + user + "\",\"role_type\":\"user\",\"role\":\"Ada\",\"content\":\"" + statement + "\"},"
                    + "{\"uuid\":\"" + assistant + "\",\"role_type\":\"assistant\",\"role\":\"Bot\",\"content\":\"Noted, turn " + b
                    + " of " + session + ". Tell me more.\"}]}";
            Replica target = pick(turn);
            try {
                HttpResponse<String> r = post(target, "/sessions/" + session + "/memory", body);
                if (r.statusCode() / 100 == 2) {
                    acked.add(user);
                    acked.add(assistant);
                    ackedCount.addAndGet(2);
                    firstAck.countDown();
                } else {
                    synchronized (failures) { failures.add("add messages through " + target.name + " → " + r.statusCode() + " " + abbreviate(r.body())); }
                }
            } catch (IOException e) {
                if (target.dead) {
                    cutOff.incrementAndGet(); // killed mid-request: no answer, not acknowledged
                } else {
                    synchronized (failures) { failures.add("no answer from live " + target.name + ": " + e); }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Round robin over the replicas still alive. */
    Replica pick(AtomicInteger turn) {
        Replica r = replicas[Math.floorMod(turn.getAndIncrement(), 2)];
        return r.dead ? (r == replicas[0] ? replicas[1] : replicas[0]) : r;
    }

    // ------------------------------------------------------------------------------------------
    // Checks

    void check(Replica survivor, Map<String, List<String>> acked) throws Exception {
        long missing = 0, doubled = 0, notProcessed = 0, ackedTotal = 0;
        for (Map.Entry<String, List<String>> e : acked.entrySet()) {
            HttpResponse<String> r = get(survivor.api() + "/sessions/" + e.getKey() + "/messages?limit=1000");
            if (r.statusCode() != 200) { failures.add("GET messages of " + e.getKey() + " → " + r.statusCode()); continue; }
            Map<String, Integer> seen = new HashMap<>();
            Matcher m = UUID_FIELD.matcher(r.body());
            while (m.find()) seen.merge(m.group(1), 1, Integer::sum);
            Matcher p = PROCESSED_FIELD.matcher(r.body());
            while (p.find()) if (p.group(1).equals("false")) notProcessed++;
            for (String uuid : e.getValue()) {
                ackedTotal++;
                Integer n = seen.get(uuid);
                if (n == null) missing++;
                else if (n > 1) doubled++;
            }
        }
        long duplicateFacts = sqlLong("SELECT count(*) FROM (SELECT user_pk, lower(trim(content)) FROM facts"
                + " WHERE invalid_at IS NULL GROUP BY 1, 2 HAVING count(*) > 1) d");
        long facts = sqlLong("SELECT count(*) FROM facts");
        long validFacts = sqlLong("SELECT count(*) FROM facts WHERE invalid_at IS NULL");
        long summaries = sqlLong("SELECT count(*) FROM summaries");
        long parked = sqlLong("SELECT count(*) FROM jobs WHERE status = 'parked'");
        // No message in two summaries of its session (a summary folded twice, or twice concurrently).
        long overlapping = 0;
        Map<String, Map<String, Integer>> bySession = new HashMap<>();
        for (String row : sql("SELECT session_pk, related_message_uuids FROM summaries ORDER BY id")) {
            int bar = row.indexOf('|');
            Map<String, Integer> covered = bySession.computeIfAbsent(row.substring(0, bar), k -> new HashMap<>());
            Matcher m = ANY_UUID.matcher(row.substring(bar + 1));
            while (m.find()) if (covered.merge(m.group(), 1, Integer::sum) == 2) overlapping++;
        }
        log("acknowledged %d messages: %d missing, %d stored twice, %d not processed (through %s's API)", ackedTotal,
                missing, doubled, notProcessed, survivor.name);
        log("facts: %d (%d valid), users with the same valid fact twice: %d; summaries: %d, messages in two summaries"
                + " of their session: %d; parked jobs: %d", facts, validFacts, duplicateFacts, summaries, overlapping, parked);
        if (missing > 0) failures.add(missing + " acknowledged messages missing");
        if (doubled > 0) failures.add(doubled + " acknowledged messages stored twice");
        if (notProcessed > 0) failures.add(notProcessed + " messages not processed");
        if (duplicateFacts > 0) failures.add(duplicateFacts + " duplicate valid facts: "
                + sql("SELECT user_pk, content, count(*) FROM facts WHERE invalid_at IS NULL GROUP BY 1, 2 HAVING count(*) > 1 LIMIT 5"));
        if (overlapping > 0) failures.add(overlapping + " messages summarized twice");
        if (parked > 0) failures.add(parked + " parked jobs: " + sql("SELECT kind, last_error FROM jobs WHERE status = 'parked' LIMIT 3"));
        if (facts == 0) failures.add("no facts were learnt: the test proved nothing about facts");
        if (summaries == 0) failures.add("no summaries were made: the test proved nothing about summaries");
    }

    // ------------------------------------------------------------------------------------------
    // Servers, HTTP and SQL

    Replica launch(String name) throws IOException {
        Replica r = new Replica(name);
        r.dataDir = work.resolve(name + "-data");
        r.log = work.resolve(name + ".log");
        r.port = freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar);
        Map<String, String> env = pb.environment();
        env.put("ENGRAM_DATA_DIR", r.dataDir.toString());
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(r.port));
        env.put("ENGRAM_AUTH_API_KEYS", apiKey);
        env.put("ENGRAM_JOBS_LEASE", lease);
        if (!profile.equals("none")) env.put("QUARKUS_PROFILE", profile);
        env.put("ENGRAM_DB_URL", pgUrl);
        env.put("ENGRAM_DB_USER", pgUser);
        env.put("ENGRAM_DB_PASSWORD", pgPassword);
        env.putAll(extraEnv);
        pb.redirectErrorStream(true);
        pb.redirectOutput(r.log.toFile());
        r.process = pb.start();
        return r;
    }

    boolean awaitReady(Replica r) throws Exception {
        long t0 = System.nanoTime();
        while (secondsSince(t0) < READY_TIMEOUT_S) {
            if (!r.process.isAlive()) {
                log("ERROR: %s exited with status %d before becoming ready; last lines of %s:", r.name, r.process.exitValue(), r.log);
                tail(r.log, 40);
                return false;
            }
            try {
                HttpResponse<Void> resp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (resp.statusCode() == 200) return true;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        log("ERROR: %s not ready after %d s; last lines of %s:", r.name, READY_TIMEOUT_S, r.log);
        tail(r.log, 40);
        return false;
    }

    HttpResponse<String> post(Replica r, String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(r.api() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Api-Key " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Api-Key " + apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    void expect2xx(HttpResponse<String> r, String what) {
        if (r.statusCode() / 100 != 2) throw new IllegalStateException(what + " → " + r.statusCode() + " " + abbreviate(r.body()));
    }

    /** Rows of a query through psql, columns joined by '|'. */
    List<String> sql(String query) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("jdbc:postgresql://([^/:]+):(\\d+)/(\\w+)").matcher(pgUrl);
        if (!m.matches()) throw new IllegalStateException("bad --pg-url " + pgUrl);
        ProcessBuilder pb = new ProcessBuilder(psql, "-X", "-q", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1",
                "-h", m.group(1), "-p", m.group(2), "-U", pgUser, "-d", m.group(3), "-c", query);
        pb.environment().put("PGPASSWORD", pgPassword);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("psql failed on " + query + ": " + out);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    long sqlLong(String query) throws IOException, InterruptedException {
        return Long.parseLong(sql(query).get(0).trim());
    }

    int finish(int status, long started) throws IOException {
        System.out.println();
        failures.forEach(f -> System.out.println("FAILED: " + f));
        System.out.printf("replica test: %s in %.0f s (seed %d)%n", status == 0 ? "OK" : "FAIL", secondsSince(started), seed);
        if (status == 0 && !keep) deleteTree(work);
        else System.out.println("kept " + work + " (r1.log, r2.log, data dirs)");
        return status;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static double secondsSince(long t0) { return (System.nanoTime() - t0) / 1e9; }

    static String abbreviate(String s) { return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s; }

    static void log(String fmt, Object... args) {
        System.out.println("[replica] " + String.format(fmt, args));
        System.out.flush();
    }

    static void tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> System.out.println("    " + l));
        } catch (IOException e) {
            System.out.println("    (cannot read " + file + ": " + e + ")");
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
