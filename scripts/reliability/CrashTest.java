/*
 * Crash test ("nothing lost"): acknowledged writes must survive kill -9 of the server.
 *
 *   java scripts/reliability/CrashTest.java [options]
 *
 * Starts the packaged server on a free loopback port with a fresh data directory (kept across
 * cycles), then per cycle: W writer threads create users and sessions and add batches of 1-10
 * messages with client UUIDs, recording every acknowledged (2xx) write; a random 1.5-4 s after
 * the first message is acknowledged the server is killed with SIGKILL, restarted on the same data
 * directory (or PostgreSQL database), and every acknowledged user, session and message is looked
 * up. Requests cut off by the kill got no answer, so they are not acknowledged and not counted.
 * After the last cycle everything acknowledged in all cycles is checked once more.
 *
 * Options:
 *   --cycles N        kill/restart cycles (default 3)
 *   --writers N       concurrent writer threads (default 8)
 *   --jar PATH        server jar (default target/quarkus-app/quarkus-run.jar; the same jar
 *                     serves H2 and PostgreSQL)
 *   --pg-url URL      run against PostgreSQL (jdbc:postgresql://..., passed as ENGRAM_DB_URL) with
 *                     --pg-user/--pg-password (default engram/engram, as scripts/pg-test.sh)
 *   --load MIN,MAX    seconds of load (from the first acknowledged message) before the kill,
 *                     drawn uniformly (default 1.5,4)
 *   --seed N          random seed (default: time); printed so a run can be repeated
 *   --env K=V         extra environment variable for the server (repeatable), e.g.
 *                     QUARKUS_DATASOURCE_JDBC_URL=... to try another H2 URL
 *   --label TEXT      name of the run in the final table (default h2 or pg)
 *   --keep            keep the temp dir (data and server.log); it is also kept on failure
 *
 * Exit status: 0 nothing acknowledged was lost; 1 something was lost, or the server failed to
 * start or answered unexpectedly; 2 bad usage. Only the JDK is needed (single-file launch).
 */

import java.io.File;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

public class CrashTest {

    static final int READY_TIMEOUT_S = 180;
    static final int WARMUP_TIMEOUT_S = 120;
    static final int MESSAGES_PER_SESSION_BATCHES = 25;
    static final int PAGE = 1000;
    static final Pattern UUID_FIELD = Pattern.compile("\"uuid\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern TOTAL_COUNT = Pattern.compile("\"total_count\"\\s*:\\s*(\\d+)");

    // ---- options ----
    int cycles = 3;
    int writers = 8;
    String jar;
    String pgUrl;
    String pgUser = "engram";
    String pgPassword = "engram";
    double loadMin = 1.5, loadMax = 4.0;
    long seed = System.nanoTime();
    boolean keep;
    String label;
    final Map<String, String> extraEnv = new LinkedHashMap<>();

    // ---- state ----
    final String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36)
            + UUID.randomUUID().toString().substring(0, 4);
    final String apiKey = "crash-" + UUID.randomUUID();
    Path work, dataDir, serverLog;
    volatile Process server;
    int port;
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** What one cycle got acknowledged. */
    static final class Acked {
        final ConcurrentLinkedQueue<String> users = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> sessions = new ConcurrentLinkedQueue<>();
        /** session id → acknowledged message uuids (a session's list is written by one writer). */
        final Map<String, List<String>> messages = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicLong messageCount = new AtomicLong();
        final AtomicInteger cutOff = new AtomicInteger();      // no answer: killed mid-request
        final AtomicInteger rejected = new AtomicInteger();    // answered, but not 2xx
        final ConcurrentLinkedQueue<String> rejections = new ConcurrentLinkedQueue<>();
        final java.util.concurrent.CountDownLatch firstMessage = new java.util.concurrent.CountDownLatch(1);
        double loadSeconds;       // from the first acknowledged message to the kill
        long loadMessages;        // acknowledged in that time (the throughput figure)
    }

    /** What went missing (ids, so that a loss found again by the final check counts once). */
    static final class Lost {
        final Set<String> messages = new HashSet<>(), sessions = new HashSet<>(), users = new HashSet<>();
        /** Stored messages that search cannot find, or search results that are not stored. */
        final Set<String> unindexed = new HashSet<>();
        boolean error;
        String firstProblem;
        void problem(String s) { if (firstProblem == null && s != null) firstProblem = s; }
        void add(Lost o) {
            messages.addAll(o.messages); sessions.addAll(o.sessions); users.addAll(o.users); unindexed.addAll(o.unindexed);
            error |= o.error; problem(o.firstProblem);
        }
        String counts() {
            return messages.size() + " messages, " + sessions.size() + " sessions, " + users.size() + " users; index "
                    + (unindexed.isEmpty() ? "consistent" : "differs on " + unindexed.size() + " messages");
        }
        boolean any() { return !messages.isEmpty() || !sessions.isEmpty() || !users.isEmpty() || !unindexed.isEmpty(); }
    }

    public static void main(String[] args) throws Exception {
        CrashTest t = new CrashTest();
        try {
            t.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("CrashTest: " + e.getMessage());
            System.err.println("usage: java scripts/reliability/CrashTest.java [--cycles N] [--writers N] [--jar PATH]"
                    + " [--pg-url URL [--pg-user U] [--pg-password P]] [--load MIN,MAX] [--seed N] [--env K=V]..."
                    + " [--label TEXT] [--keep]");
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
                case "--cycles" -> cycles = positive(a, v);
                case "--writers" -> writers = positive(a, v);
                case "--jar" -> jar = v;
                case "--pg-url" -> pgUrl = v;
                case "--pg-user" -> pgUser = v;
                case "--pg-password" -> pgPassword = v;
                case "--seed" -> seed = Long.parseLong(v);
                case "--label" -> label = v;
                case "--load" -> {
                    String[] p = v.split(",");
                    loadMin = Double.parseDouble(p[0]);
                    loadMax = p.length > 1 ? Double.parseDouble(p[1]) : loadMin;
                    if (loadMin <= 0 || loadMax < loadMin) throw new IllegalArgumentException("bad --load " + v);
                }
                case "--env" -> {
                    int eq = v.indexOf('=');
                    if (eq < 1) throw new IllegalArgumentException("--env wants K=V, got " + v);
                    extraEnv.put(v.substring(0, eq), v.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (pgUrl != null && !pgUrl.startsWith("jdbc:postgresql:"))
            throw new IllegalArgumentException("--pg-url must be a jdbc:postgresql: URL");
        if (jar == null) jar = "target/quarkus-app/quarkus-run.jar";
        if (label == null) label = pgUrl != null ? "pg" : "h2";
    }

    static int positive(String name, String v) {
        int n = Integer.parseInt(v);
        if (n < 1) throw new IllegalArgumentException(name + " must be at least 1");
        return n;
    }

    int run() throws Exception {
        if (!new File(jar).isFile()) {
            System.err.println("[crash] ERROR: " + jar + " not found (make build)");
            return 1;
        }
        work = Files.createTempDirectory("engram-crash-");
        dataDir = work.resolve("data");
        serverLog = work.resolve("server.log");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process p = server;
            if (p != null && p.isAlive()) p.destroyForcibly();
        }));
        log("%s: %d cycles, %d writers, load %.1f-%.1f s, seed %d, jar %s, %s", label, cycles, writers,
                loadMin, loadMax, seed, jar, pgUrl != null ? "database " + pgUrl : "data dir " + dataDir);
        Random random = new Random(seed);
        List<Acked> all = new ArrayList<>();
        Lost total = new Lost();
        boolean failed = false;
        long started = System.nanoTime();
        try {
            if (!start()) return finish(1, total, all, started);
            for (int c = 1; c <= cycles; c++) {
                double load = loadMin + (loadMax - loadMin) * random.nextDouble();
                Acked acked = load(c, load);
                all.add(acked);
                int exit = kill();
                long t0 = System.nanoTime();
                if (!start()) { failed = true; break; }
                double restart = secondsSince(t0);
                Lost lost = verify(acked);
                total.add(lost);
                log("cycle %d/%d: load %.2f s, acked %d messages (%.0f/s) in %d sessions, %d users; %d requests cut off,"
                        + " %d rejected; killed (exit %d); restarted in %.1f s; lost %s%s",
                        c, cycles, acked.loadSeconds, acked.messageCount.get(), acked.loadMessages / acked.loadSeconds,
                        acked.sessions.size(), acked.users.size(), acked.cutOff.get(), acked.rejected.get(), exit, restart,
                        lost.counts(), lost.firstProblem != null ? " — " + lost.firstProblem : "");
                if (acked.rejected.get() > 0) {
                    log("  rejected requests (unexpected answers), first: %s", acked.rejections.peek());
                    total.error = true;
                    total.problem("unexpected answers during load");
                }
            }
            if (!failed && cycles > 1) {
                // Everything acknowledged in every cycle, on the last start (later crashes must not
                // lose what earlier recoveries kept).
                Lost again = new Lost();
                for (Acked a : all) again.add(verify(a));
                log("final check of all %d cycles: lost %s%s", all.size(), again.counts(),
                        again.firstProblem != null ? " — " + again.firstProblem : "");
                total.add(again);
            }
            stop();
        } finally {
            Process p = server;
            if (p != null && p.isAlive()) p.destroyForcibly().waitFor();
        }
        int status = failed || total.error || total.any() ? 1 : 0;
        return finish(status, total, all, started);
    }

    int finish(int status, Lost total, List<Acked> all, long started) throws IOException {
        long ackedMessages = all.stream().mapToLong(a -> a.messageCount.get()).sum();
        long ackedSessions = all.stream().mapToLong(a -> a.sessions.size()).sum();
        double loadSeconds = all.stream().mapToDouble(a -> a.loadSeconds).sum();
        long loadMessages = all.stream().mapToLong(a -> a.loadMessages).sum();
        System.out.println();
        System.out.printf("%-10s %7s %13s %10s %15s %14s %11s %8s%n", "run", "cycles", "acked msgs", "lost msgs",
                "acked sessions", "lost sessions", "ingest/s", "result");
        System.out.printf("%-10s %7d %13d %10d %15d %14d %11.0f %8s%n", label, all.size(), ackedMessages,
                total.messages.size(), ackedSessions, total.sessions.size(), loadSeconds > 0 ? loadMessages / loadSeconds : 0,
                status == 0 ? "OK" : "FAIL");
        if (!total.users.isEmpty()) System.out.printf("lost users: %d%n", total.users.size());
        if (total.firstProblem != null) System.out.printf("first problem: %s%n", total.firstProblem);
        System.out.printf("(%s: %.0f s in all; ingest/s: messages acknowledged per second of load, i.e. from the%n"
                + " first acknowledged message of a cycle to the kill, with %d writers)%n", label, secondsSince(started), writers);
        if (status == 0 && !keep) {
            deleteTree(work);
        } else {
            System.out.println("kept " + work + " (server.log, data)");
        }
        return status;
    }

    // ------------------------------------------------------------------------------------------
    // Server process

    boolean start() throws Exception {
        port = freePort();
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-jar", jar);
        Map<String, String> env = pb.environment();
        env.put("ENGRAM_DATA_DIR", dataDir.toString());
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("ENGRAM_AUTH_API_KEYS", apiKey);
        if (pgUrl != null) {
            env.put("ENGRAM_DB_URL", pgUrl);
            env.put("ENGRAM_DB_USER", pgUser);
            env.put("ENGRAM_DB_PASSWORD", pgPassword);
        } else {
            // The URL picks the database, so one left in the caller's environment would turn the H2 run into another.
            env.remove("ENGRAM_DB_URL");
            env.remove("QUARKUS_DATASOURCE_JDBC_URL");
        }
        env.putAll(extraEnv);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog.toFile()));
        Files.writeString(serverLog, "\n===== [crash] starting server on port " + port + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        long t0 = System.nanoTime();
        server = pb.start();
        HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        while (secondsSince(t0) < READY_TIMEOUT_S) {
            if (!server.isAlive()) {
                log("ERROR: server exited with status %d before becoming ready; last lines of %s:", server.exitValue(), serverLog);
                tail(serverLog, 40);
                return false;
            }
            try {
                HttpResponse<Void> r = probe.send(HttpRequest.newBuilder(URI.create(base() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return true;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        log("ERROR: server not ready after %d s; last lines of %s:", READY_TIMEOUT_S, serverLog);
        tail(serverLog, 40);
        return false;
    }

    /** SIGKILL (destroyForcibly on Linux), and make sure the process is really gone. */
    int kill() throws Exception {
        Process p = server;
        ProcessHandle h = p.toHandle();
        List<ProcessHandle> children = h.descendants().toList();
        p.destroyForcibly();
        int exit = p.waitFor();
        for (ProcessHandle c : children) c.destroyForcibly();
        if (h.isAlive()) throw new IllegalStateException("server pid " + h.pid() + " still alive after SIGKILL");
        // The JDK reports death by signal N as 128 + N: 137 is SIGKILL.
        if (exit != 137) throw new IllegalStateException("server exit status " + exit + ", expected 137 (SIGKILL)");
        return exit;
    }

    /** Graceful stop at the end (SIGTERM), so the database is closed normally. */
    void stop() throws Exception {
        Process p = server;
        p.destroy();
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String base() { return "http://127.0.0.1:" + port; }

    // ------------------------------------------------------------------------------------------
    // Load

    Acked load(int cycle, double seconds) throws Exception {
        Acked acked = new Acked();
        AtomicBoolean killing = new AtomicBoolean();
        String api = base() + "/api/v2";
        List<Thread> threads = new ArrayList<>();
        long seedBase = seed * 31 + cycle;
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(new Thread(() -> write(api, cycle, writer, new Random(seedBase * 1000 + writer), acked, killing),
                    "writer-" + w));
        }
        threads.forEach(Thread::start);
        // The load is timed from the first acknowledged message: a freshly started JVM answers
        // its first requests slowly, and a kill before any message is acknowledged tests nothing.
        if (!acked.firstMessage.await(WARMUP_TIMEOUT_S, java.util.concurrent.TimeUnit.SECONDS))
            log("WARNING: cycle %d: no message acknowledged within %d s; killing anyway", cycle, WARMUP_TIMEOUT_S);
        long t0 = System.nanoTime();
        long before = acked.messageCount.get();
        Thread.sleep((long) (seconds * 1000));
        // Kill while the writers are still sending: the point is to cut commits off mid-flight.
        // Their requests then fail (connection reset or refused) and they stop. Anything answered
        // 2xx before the process died is acknowledged and must be found after the restart.
        killing.set(true);
        server.destroyForcibly();         // SIGKILL; kill() waits for the process and checks
        acked.loadSeconds = secondsSince(t0);
        acked.loadMessages = acked.messageCount.get() - before;
        for (Thread t : threads) t.join(60_000);
        return acked;
    }

    void write(String api, int cycle, int writer, Random random, Acked acked, AtomicBoolean killing) {
        String user = "crash-" + runId + "-c" + cycle + "-w" + writer;
        try {
            if (!post(api + "/users", "{\"user_id\":\"" + user + "\"}", acked, killing)) return;
            acked.users.add(user);
            for (int s = 0; !killing.get(); s++) {
                String session = user + "-s" + s;
                if (!post(api + "/sessions", "{\"session_id\":\"" + session + "\",\"user_id\":\"" + user + "\"}", acked, killing))
                    return;
                acked.sessions.add(session);
                List<String> uuids = new ArrayList<>();
                acked.messages.put(session, uuids);
                for (int b = 0; b < MESSAGES_PER_SESSION_BATCHES && !killing.get(); b++) {
                    int n = 1 + random.nextInt(10);
                    List<String> batch = new ArrayList<>(n);
                    StringBuilder body = new StringBuilder("{\"messages\":[");
                    for (int i = 0; i < n; i++) {
                        String uuid = UUID.randomUUID().toString();
                        batch.add(uuid);
                        if (i > 0) body.append(',');
                        body.append("{\"uuid\":\"").append(uuid).append("\",\"role_type\":\"")
                                .append(i % 2 == 0 ? "user" : "assistant").append("\",\"role\":\"x\",\"content\":\"")
                                .append("Message ").append(b).append('.').append(i).append(" of ").append(session)
                                .append(": I moved to Lisbon last spring and I like sailing on weekends.\"}");
                    }
                    body.append("]}");
                    if (!post(api + "/sessions/" + session + "/memory", body.toString(), acked, killing)) return;
                    synchronized (uuids) { uuids.addAll(batch); }
                    acked.messageCount.addAndGet(n);
                    acked.firstMessage.countDown();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * True when the write was acknowledged (2xx). False when it was cut off by the kill (no
     * answer) or rejected (any other answer; counted and reported as a test failure).
     */
    boolean post(String url, String json, Acked acked, AtomicBoolean killing) throws InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Api-Key " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) return true;
            acked.rejected.incrementAndGet();
            acked.rejections.add(r.statusCode() + " " + url + " " + abbreviate(r.body()));
            return false;
        } catch (IOException e) {
            acked.cutOff.incrementAndGet();
            if (!killing.get()) {
                acked.rejected.incrementAndGet();
                acked.rejections.add("no answer before the kill: " + url + " " + e);
            }
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Verification

    Lost verify(Acked acked) throws Exception {
        Lost lost = new Lost();
        String api = base() + "/api/v2";
        for (String user : acked.users) {
            int st = get(api + "/users/" + user).statusCode();
            if (st == 404) { lost.users.add(user); lost.problem("user " + user + " missing"); }
            else if (st != 200) { lost.error = true; lost.problem("GET user " + user + " → " + st); }
        }
        for (String session : acked.sessions) {
            HttpResponse<String> r = get(api + "/sessions/" + session);
            if (r.statusCode() == 404) {
                lost.sessions.add(session);
                lost.problem("session " + session + " missing");
            } else if (r.statusCode() != 200) {
                lost.error = true;
                lost.problem("GET session " + session + " → " + r.statusCode());
                continue;
            }
            List<String> expected = acked.messages.getOrDefault(session, List.of());
            List<String> want;
            synchronized (expected) { want = new ArrayList<>(expected); }
            if (want.isEmpty()) continue;
            if (r.statusCode() == 404) { lost.messages.addAll(want); continue; }
            Set<String> stored = storedMessages(api, session, lost);
            for (String uuid : want) {
                if (!stored.contains(uuid)) {
                    lost.messages.add(uuid);
                    lost.problem("message " + uuid + " of " + session + " missing");
                }
            }
            checkIndex(api, session, stored, lost);
        }
        return lost;
    }

    /**
     * The search index agrees with the database: a search of the session for a word that every
     * message holds returns exactly the stored messages (none missing, none left over).
     */
    void checkIndex(String api, String session, Set<String> stored, Lost lost) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(api + "/sessions/" + session + "/search?limit=1000"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Api-Key " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Lisbon\"}"))
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            lost.error = true;
            lost.problem("search of " + session + " → " + r.statusCode() + " " + abbreviate(r.body()));
            return;
        }
        Set<String> found = new HashSet<>();
        Matcher m = UUID_FIELD.matcher(r.body());
        while (m.find()) found.add(m.group(1));
        for (String uuid : stored) {
            if (!found.contains(uuid)) {
                lost.unindexed.add(uuid);
                lost.problem("message " + uuid + " of " + session + " is stored but search does not find it");
            }
        }
        for (String uuid : found) {
            if (!stored.contains(uuid)) {
                lost.unindexed.add(uuid);
                lost.problem("search of " + session + " returns " + uuid + ", which is not stored");
            }
        }
    }

    /** Every message uuid of a session, paging with limit and cursor (a 1-based page number). */
    Set<String> storedMessages(String api, String session, Lost lost) throws Exception {
        Set<String> uuids = new HashSet<>();
        for (int page = 1; ; page++) {
            HttpResponse<String> r = get(api + "/sessions/" + session + "/messages?limit=" + PAGE + "&cursor=" + page);
            if (r.statusCode() != 200) {
                lost.error = true;
                lost.problem("GET messages of " + session + " page " + page + " → " + r.statusCode());
                return uuids;
            }
            int before = uuids.size();
            Matcher m = UUID_FIELD.matcher(r.body());
            int onPage = 0;
            while (m.find()) { uuids.add(m.group(1)); onPage++; }
            Matcher t = TOTAL_COUNT.matcher(r.body());
            long total = t.find() ? Long.parseLong(t.group(1)) : -1;
            if (onPage < PAGE || uuids.size() >= total || uuids.size() == before) return uuids;
        }
    }

    HttpResponse<String> get(String url) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Api-Key " + apiKey)
                .GET().build();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return http.send(req, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = e;      // e.g. a pooled connection to the killed server; retry on a new one
                Thread.sleep(200);
            }
        }
        throw last;
    }

    // ------------------------------------------------------------------------------------------

    static double secondsSince(long t0) { return (System.nanoTime() - t0) / 1e9; }

    static String abbreviate(String s) { return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s; }

    static void log(String fmt, Object... args) {
        System.out.println("[crash] " + String.format(fmt, args));
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
