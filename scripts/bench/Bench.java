/*
 * Benchmark of the embedded default server (H2 file database, Lucene index under <data-dir>/index).
 *
 *   make bench BENCH_SCALE=small|medium|full|long BENCH_PHASES=all|read,ingest,model,startup
 *   java -cp "target/quarkus-app/lib/main/*" scripts/bench/Bench.java [options]
 *
 * Seeding: a million messages through the API with real embeddings would take hours on a small
 * machine, so the database is written directly while the server is stopped. The packaged server
 * is started once on an empty data dir (Flyway creates the schema, the installation row is
 * written), stopped, and then users, sessions, messages (alternating user/assistant turns of
 * varied text), facts and one progressive summary per session are inserted over JDBC into the
 * H2 file. Texts come from a pool of a few thousand generated sentences whose vectors are computed
 * once with the server's model (LangChain4j's in-process bge-small-en-v1.5 quantized, the class
 * dev.engram.embedding.LocalEmbedder uses) and cached under target/bench; a message's stored
 * vector is what dev.engram.index.MessageVectors makes (own embedding of "role: content" plus
 * half the previous turn's, normalised) and carries the model name the server expects, and every
 * message is marked processed, so nothing is re-embedded. The index directory is then deleted and
 * the server rebuilds it from the database on the next start (timed). The seeded data dir lives
 * in target/bench/<scale>/ with a marker file (SEEDED) saying what it holds; reruns reuse it.
 *
 * Phases (all by default, in this order):
 *   read     p50/p95/max at concurrency 1 and 8: memory.get, one-session search, user search
 *            (messages, facts), search across every session, and a plain message list (floor)
 *   ingest   acknowledged messages/s of POST memory with 8 writers (batches of 10 messages),
 *            then the drain rate: messages turned processed per second by the server's jobs
 *            (embeddings, facts, summaries) once the writers stopped, until all are processed
 *   replicas (PostgreSQL only) the read phase's mix at concurrency 16 against one replica, then
 *            two replicas on the same database behind a round-robin client; the throughput ratio
 *   model    the bare embedding model's rate in this process (batches of 10 texts, one caller)
 *   startup  the packaged server started N times on the existing data and index: process spawn
 *            to the first answer of GET memory (wall s), CPU-seconds and RSS at that moment; median;
 *            then the same N times in mock mode (QUARKUS_PROFILE=mock, in-memory database: the
 *            first answer is the 404 of GET memory of an unknown session)
 *
 * Options: --scale small|medium|full (small: 10 users x 10 sessions x 100 messages = 10k;
 *          medium: 100 x 10 x 100 = 100k; full: 100 x 100 x 100 = 1M; long: 2 x 2 x 25,000 = 100k
 *          in four long sessions), --phases LIST,
 *          --jar PATH, --pg-url URL (seed and serve a PostgreSQL database instead of the data
 *          dir's H2 file, user and password engram: make bench-pg), --requests N (per measurement, default 400), --seconds S (time cap per
 *          measurement, default 30), --warmup N (read phase: requests per operation before it
 *          measures, default 1500), --ingest-seconds S, --starts N (default 5), --reseed,
 *          --ops memory,user (the read phase's operations whose names contain one of these),
 *          --reuse (with --pg-url: skip the seeding when the database already holds the scale's
 *          data and a built search index, as kept by make bench-pg BENCH_PG_KEEP=1),
 *          --java-opts "..." and --mock-java-opts "..." (JVM options of the measured server and of
 *          its mock-mode starts; make bench passes make run's JAVA_OPTS and make mock's MOCK_JAVA_OPTS),
 *          --aot-java PATH [--aot-jar PATH --aot-java-opts "..."] (the startup phase also starts the
 *          aot-jar from JDK 25's AOT cache, default target/aot; make bench passes them when make aot can).
 * Only the JDK and the jars of target/quarkus-app/lib/main (H2 driver, LangChain4j) are needed.
 */

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.regex.Pattern;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

public class Bench {

    /** What LocalEmbedder.LocalModel.BGE_SMALL_EN_V15 is called in the database and the index. */
    static final String MODEL = "local/bge-small-en-v1.5-q";
    static final int POOL_VERSION = 1;
    static final int USER_POOL = 2500, ASSISTANT_POOL = 1500, FACT_POOL = 800, SUMMARY_POOL = 300;
    static final String API_KEY = "bench-key";

    record Scale(String name, int users, int sessionsPerUser, int messagesPerSession, int factsPerSession) {
        long messages() { return (long) users * sessionsPerUser * messagesPerSession; }
        long sessions() { return (long) users * sessionsPerUser; }
        long facts() { return sessions() * factsPerSession; }
        String describe() {
            return String.format(Locale.ROOT, "scale=%s users=%d sessions_per_user=%d messages_per_session=%d facts_per_session=%d"
                    + " summaries_per_session=1 pool_version=%d", name, users, sessionsPerUser, messagesPerSession, factsPerSession, POOL_VERSION);
        }
    }

    static final Map<String, Scale> SCALES = Map.of(
            "small", new Scale("small", 10, 10, 100, 10),
            "medium", new Scale("medium", 100, 10, 100, 10),
            "full", new Scale("full", 100, 100, 100, 10),
            // Few, long sessions (a chat that goes on for months): what grows with a session's length.
            "long", new Scale("long", 2, 2, 25_000, 10));

    // ---- options ----
    Scale scale = SCALES.get("small");
    List<String> phases = List.of("read", "replicas", "ingest", "model", "startup");
    String jar = "target/quarkus-app/quarkus-run.jar";
    /** The read phase's operations whose names contain one of these (null: all). */
    List<String> ops;
    /** PostgreSQL instead of the H2 file of the data dir (user and password engram; the database is seeded anew). */
    String pgUrl;
    int requests = 400;
    int seconds = 30;
    int ingestSeconds = -1;
    /** Requests per operation before the read phase measures (concurrency 2, at most 60 s each). */
    int warmup = 1500;
    int drainSeconds = 120;
    int starts = 5;
    /** JVM options of the measured server (make bench passes make run's JAVA_OPTS). */
    List<String> javaOpts = List.of();
    /** JVM options of the mock-mode starts (make bench passes make mock's MOCK_JAVA_OPTS). */
    List<String> mockJavaOpts = List.of();
    /**
     * A JDK 25's java, the aot-jar and its AOT cache (scripts/aot.sh, make aot): the startup phase
     * then also starts that server, beside the fast-jar's starts (null: not measured).
     */
    String aotJava;
    String aotJar = "target/aot/quarkus-run.jar";
    /** The options that start it from its cache ({@code scripts/aot.sh flags}; make bench passes them). */
    List<String> aotJavaOpts = List.of();
    boolean reseed;
    boolean reuse;

    // ---- state ----
    Path root, dir, dataDir, serverLog, reportFile;
    volatile Process server;
    int port;
    Pool pool;
    final List<String> report = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    Object model; // dev.langchain4j.model.embedding.EmbeddingModel, loaded on first use

    public static void main(String[] args) throws Exception {
        Bench b = new Bench();
        try {
            b.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Bench: " + e.getMessage());
            System.err.println("usage: java -cp 'target/quarkus-app/lib/main/*' scripts/bench/Bench.java [--scale small|medium|full|long]"
                    + " [--phases all|read,ingest,model,startup] [--jar PATH] [--pg-url JDBC-URL] [--requests N] [--seconds S]"
                    + " [--ingest-seconds S] [--warmup N] [--starts N] [--reseed] [--reuse] [--java-opts \"...\"] [--mock-java-opts \"...\"] [--aot-java PATH --aot-java-opts \"...\"]");
            System.exit(2);
        }
        int status;
        try {
            status = b.run();
        } finally {
            b.killServer();
        }
        System.exit(status);
    }

    void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--reseed")) { reseed = true; continue; }
            if (a.equals("--reuse")) { reuse = true; continue; }
            if (i + 1 >= args.length) throw new IllegalArgumentException("missing value after " + a);
            String v = args[++i];
            switch (a) {
                case "--scale" -> {
                    scale = SCALES.get(v);
                    if (scale == null) throw new IllegalArgumentException("unknown scale " + v + " (small, medium, full)");
                }
                case "--phases" -> {
                    if (!v.isBlank() && !v.equals("all")) {
                        phases = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                        for (String p : phases) {
                            if (!List.of("read", "replicas", "ingest", "model", "startup", "seed").contains(p))
                                throw new IllegalArgumentException("unknown phase " + p + " (read, replicas, ingest, model, startup, seed)");
                        }
                    }
                }
                case "--jar" -> jar = v;
                case "--ops" -> ops = List.of(v.split(","));
                case "--pg-url" -> pgUrl = v;
                case "--requests" -> requests = Integer.parseInt(v);
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--ingest-seconds" -> ingestSeconds = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--drain-seconds" -> drainSeconds = Integer.parseInt(v);
                case "--starts" -> starts = Integer.parseInt(v);
                case "--java-opts" -> javaOpts = words(v);
                case "--mock-java-opts" -> mockJavaOpts = words(v);
                case "--aot-java" -> aotJava = v.isBlank() ? null : v;
                case "--aot-jar" -> aotJar = v;
                case "--aot-java-opts" -> aotJavaOpts = words(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (ingestSeconds < 0) ingestSeconds = scale.name().equals("small") ? 10 : 20;
        if (aotJava != null && aotJavaOpts.isEmpty()) {
            // The cache takes only the options of its training run: they come from scripts/aot.sh.
            throw new IllegalArgumentException("--aot-java needs --aot-java-opts \"$(bash scripts/aot.sh flags)\"");
        }
    }

    static List<String> words(String v) {
        return Arrays.stream(v.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    int run() throws Exception {
        if (!Files.isRegularFile(Path.of(jar))) {
            System.err.println("[bench] " + jar + " not found (make build)");
            return 1;
        }
        root = Path.of("target", "bench").toAbsolutePath();
        dir = root.resolve(scale.name() + (pgUrl == null ? "" : "-pg"));
        dataDir = dir.resolve("data");
        serverLog = dir.resolve("server.log");
        Files.createDirectories(dir);
        reportFile = dir.resolve("report-" + OffsetDateTime.now(ZoneOffset.UTC).toString().replace(':', '-').substring(0, 19) + ".txt");
        Runtime.getRuntime().addShutdownHook(new Thread(this::killServer));
        log("scale %s (%s), phases %s, jar %s, data %s; %d cores, machine load %s", scale.name(), scale.describe(), phases, jar,
                dataDir, Runtime.getRuntime().availableProcessors(), loadAverage());
        line("Engram benchmark, scale %s: %d users x %d sessions x %d messages = %,d messages, %,d facts, %,d summaries",
                scale.name(), scale.users(), scale.sessionsPerUser(), scale.messagesPerSession(), scale.messages(), scale.facts(), scale.sessions());
        line("run %s UTC on %d cores (load average at start %s)", OffsetDateTime.now(ZoneOffset.UTC).toString().substring(0, 19),
                Runtime.getRuntime().availableProcessors(), loadAverage());

        Path marker = dir.resolve("SEEDED");
        String seeded = Files.exists(marker) ? Files.readString(marker) : "";
        // A PostgreSQL database is not the data dir's: what the marker says of it may be gone.
        if (!reseed && pgUrl != null && reuse && pgHoldsScale()) {
            log("reusing the seeded PostgreSQL database");
            if (!startServer()) return 1;
            if (!awaitIndex(scale.messages() + scale.facts() + scale.sessions(), 3600)) return 1;
            deleteLeftoverIngestUsers();
            line("seeded earlier (PostgreSQL database kept); database %s", pgSize());
        } else if (reseed || pgUrl != null || !seeded.startsWith(scale.describe())) {
            seed(marker); // reports the sizes
        } else {
            log("reusing the seeded data dir (%s)", marker);
            if (!startServer()) return 1;
            if (!awaitIndex(scale.messages() + scale.facts() + scale.sessions(), 3600)) return 1;
            deleteLeftoverIngestUsers();
            line("seeded earlier: %s", Files.readString(marker).strip().replace('\n', ';'));
            line("database %s, index %s", size(dataDir.resolve("engram.mv.db")), size(dataDir.resolve("index")));
        }
        if (phases.contains("read")) readPhase();
        if (phases.contains("replicas") && pgUrl != null) replicaPhase();
        if (phases.contains("ingest")) ingestPhase();
        if (phases.contains("model")) modelPhase();
        memoryAfterLoad();
        if (phases.contains("startup")) startupPhase();
        stopServer();
        System.out.println();
        report.forEach(System.out::println);
        log("report written to %s", reportFile);
        return 0;
    }

    /** Whether the PostgreSQL database holds this scale's seeded data and a built search index. */
    /** Users an earlier ingest phase left behind (see {@link #pgHoldsScale}), deleted through the API. */
    void deleteLeftoverIngestUsers() throws Exception {
        List<String> leftover = new ArrayList<>();
        Pattern userId = Pattern.compile("\"user_id\"\\s*:\\s*\"(bench-ingest-[^\"]*)\"");
        for (int page = 1; ; page++) {
            HttpResponse<String> resp = http.send(get(base() + "/api/v2/users-ordered?pageSize=100&pageNumber=" + page),
                    HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) throw new IllegalStateException("listing users answered " + resp.statusCode());
            java.util.regex.Matcher m = userId.matcher(resp.body());
            while (m.find()) leftover.add(m.group(1));
            if (!resp.body().contains("\"user_id\"")) break;
        }
        for (String user : leftover) {
            int status = send(HttpRequest.newBuilder(URI.create(base() + "/api/v2/users/" + user))
                    .header("Authorization", "Api-Key " + API_KEY).timeout(Duration.ofSeconds(600)).DELETE().build());
            log("deleted %s, left by an earlier ingest phase (%d)", user, status);
        }
    }

    boolean pgHoldsScale() {
        try (Connection c = DriverManager.getConnection(pgUrl, "engram", "engram"); Statement st = c.createStatement()) {
            // The seeded users' messages only: an earlier run's ingest users are deleted when
            // that run ends, but a run stopped before (or a delete that timed out) leaves them,
            // and counting them made the next run seed the million messages again.
            long messages;
            try (ResultSet r = st.executeQuery("SELECT count(*) FROM messages m JOIN sessions s ON s.id = m.session_pk"
                    + " JOIN users u ON u.id = s.user_pk WHERE u.user_id NOT LIKE 'bench-ingest-%'")) {
                r.next();
                messages = r.getLong(1);
            }
            boolean indexed;
            try (ResultSet r = st.executeQuery("SELECT count(*) FROM search_state WHERE name = 'checkpoint'")) {
                r.next();
                indexed = r.getLong(1) > 0;
            }
            log("the kept database holds %,d messages (the scale: %,d), search index %s", messages, scale.messages(),
                    indexed ? "built" : "not built");
            return messages == scale.messages() && indexed;
        } catch (java.sql.SQLException e) {
            log("no seeded PostgreSQL database to reuse (%s)", e.getMessage());
            return false;
        }
    }

    String pgSize() {
        try (Connection c = DriverManager.getConnection(pgUrl, "engram", "engram"); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
            r.next();
            return r.getString(1);
        } catch (java.sql.SQLException e) {
            return "?";
        }
    }

    // ------------------------------------------------------------------------------------------
    // Seeding

    void seed(Path marker) throws Exception {
        Files.deleteIfExists(marker);
        deleteTree(dataDir);
        Files.createDirectories(dataDir);
        if (pgUrl != null) {
            // A kept cluster (BENCH_PG_KEEP) may hold another scale: start from an empty database.
            try (Connection c = DriverManager.getConnection(pgUrl, "engram", "engram"); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA public CASCADE");
                st.execute("CREATE SCHEMA public");
            }
        }
        pool = Pool.load(root, this);
        long t0 = System.nanoTime();
        log("first start on an empty data dir (schema and installation)");
        if (!startServer()) throw new IllegalStateException("server did not start");
        stopServer();
        long t1 = System.nanoTime();
        insertAll();
        double insertSeconds = secondsSince(t1);
        // The rows went in behind the change log: the index must be rebuilt from the tables.
        deleteTree(dataDir.resolve("index"));
        if (pgUrl != null) {
            try (Connection c = DriverManager.getConnection(pgUrl, "engram", "engram"); Statement st = c.createStatement()) {
                st.execute("DELETE FROM search_state"); // the PostgreSQL (pgvector) index: "no index yet"
            } catch (java.sql.SQLException e) {
                log("no PostgreSQL search index to reset (%s): the server uses its Lucene index", e.getMessage());
            }
        }
        long t2 = System.nanoTime();
        if (!startServer()) throw new IllegalStateException("server did not start");
        long records = scale.messages() + scale.facts() + scale.sessions();
        if (!awaitIndex(records, 7200)) throw new IllegalStateException("index not rebuilt");
        double rebuild = secondsSince(t2);
        String rebuildLog = lastMatch(serverLog, Pattern.compile("search index rebuilt: (\\d+) records in (\\d+) ms"));
        String sizes = pgUrl != null ? "PostgreSQL database " + pgSize()
                : "database " + size(dataDir.resolve("engram.mv.db")) + ", index " + size(dataDir.resolve("index"));
        String info = String.format(Locale.ROOT, "JDBC insert %.0f s; index rebuild of %,d records %.0f s from spawn (%s); %s",
                insertSeconds, records, rebuild, rebuildLog == null ? "?" : rebuildLog, sizes);
        line("seeded now in %.0f s: %s", secondsSince(t0), info);
        Files.writeString(marker, scale.describe() + "\n" + info + "\n");
    }

    void insertAll() throws Exception {
        String url = pgUrl != null ? pgUrl : "jdbc:h2:file:" + dataDir.resolve("engram") + ";DB_CLOSE_ON_EXIT=FALSE";
        Random r = new Random(42);
        OffsetDateTime base = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        try (Connection c = DriverManager.getConnection(url, "engram", "engram")) {
            c.setAutoCommit(false);
            long messageId = 0, factId = 0, summaryId = 0, sessionId = 0;
            long sessionsTotal = scale.sessions();
            long started = System.nanoTime();
            try (PreparedStatement users = c.prepareStatement("INSERT INTO users (id, uuid, user_id, email, first_name, last_name,"
                    + " metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement sessions = c.prepareStatement("INSERT INTO sessions (id, uuid, session_id, user_pk, metadata,"
                         + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement messages = c.prepareStatement("INSERT INTO messages (id, uuid, session_pk, role, role_type, content,"
                         + " metadata, token_count, processed, created_at, updated_at, embedding, embedding_model)"
                         + " VALUES (?, ?, ?, ?, ?, ?, NULL, 0, TRUE, ?, ?, ?, ?)");
                 PreparedStatement facts = c.prepareStatement("INSERT INTO facts (id, uuid, user_pk, session_pk, content, name, rating,"
                         + " valid_at, source_node_name, target_node_name, created_at, embedding, embedding_model, source_message_uuid)"
                         + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement summaries = c.prepareStatement("INSERT INTO summaries (id, uuid, session_pk, content, token_count,"
                         + " metadata, related_message_uuids, created_at, embedding, embedding_model, last_message_pk)"
                         + " VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)")) {
                for (int u = 0; u < scale.users(); u++) {
                    long userPk = u + 1;
                    String first = Pool.FIRST_NAMES[u % Pool.FIRST_NAMES.length];
                    OffsetDateTime userCreated = base.plusMinutes(u);
                    users.setLong(1, userPk);
                    users.setObject(2, new UUID(0xbe4c0000L, userPk));
                    users.setString(3, userId(u));
                    users.setString(4, userId(u) + "@example.com");
                    users.setString(5, first);
                    users.setString(6, Pool.LAST_NAMES[(u / Pool.FIRST_NAMES.length) % Pool.LAST_NAMES.length]);
                    users.setString(7, "{\"plan\":\"" + (u % 3 == 0 ? "pro" : "free") + "\"}");
                    users.setObject(8, userCreated);
                    users.setObject(9, userCreated);
                    users.executeUpdate();
                    for (int s = 0; s < scale.sessionsPerUser(); s++) {
                        long sessionPk = ++sessionId;
                        OffsetDateTime sessionStart = userCreated.plusHours(6L * s).plusMinutes(r.nextInt(300));
                        sessions.setLong(1, sessionPk);
                        sessions.setObject(2, new UUID(0x5e550000L, sessionPk));
                        sessions.setString(3, sessionIdOf(u, s));
                        sessions.setLong(4, userPk);
                        sessions.setString(5, "{\"channel\":\"" + (s % 2 == 0 ? "web" : "mobile") + "\"}");
                        sessions.setObject(6, sessionStart);
                        OffsetDateTime last = sessionStart.plusSeconds(20L * scale.messagesPerSession());
                        sessions.setObject(7, last);
                        sessions.executeUpdate();
                        // Messages: alternating user and assistant turns.
                        long firstMessage = messageId + 1;
                        UUID[] uuids = new UUID[scale.messagesPerSession()];
                        float[] previous = null;
                        for (int m = 0; m < scale.messagesPerSession(); m++) {
                            boolean user = m % 2 == 0;
                            int text = user ? r.nextInt(pool.user.size()) : r.nextInt(pool.assistant.size());
                            float[] own = user ? pool.userVectors.get(text) : pool.assistantVectors.get(text);
                            float[] v = previous == null ? own : dev.engram.index.MessageVectors.combine(own, previous);
                            previous = own;
                            long id = ++messageId;
                            uuids[m] = new UUID(0x4d5d0000L, id);
                            OffsetDateTime at = sessionStart.plusSeconds(20L * m);
                            messages.setLong(1, id);
                            messages.setObject(2, uuids[m]);
                            messages.setLong(3, sessionPk);
                            messages.setString(4, user ? "user" : "assistant");
                            messages.setString(5, user ? "user" : "assistant");
                            messages.setString(6, user ? pool.user.get(text) : pool.assistant.get(text));
                            messages.setObject(7, at);
                            messages.setObject(8, at);
                            messages.setBytes(9, toBytes(v));
                            messages.setString(10, MODEL);
                            messages.addBatch();
                        }
                        messages.executeBatch();
                        for (int f = 0; f < scale.factsPerSession(); f++) {
                            int text = r.nextInt(pool.facts.size());
                            int source = r.nextInt(scale.messagesPerSession() / 2) * 2;
                            OffsetDateTime at = sessionStart.plusSeconds(20L * source + 5);
                            facts.setLong(1, ++factId);
                            facts.setObject(2, new UUID(0xfac70000L, factId));
                            facts.setLong(3, userPk);
                            facts.setLong(4, sessionPk);
                            facts.setString(5, pool.facts.get(text).replace("{U}", first));
                            facts.setString(6, pool.factNames.get(text));
                            if (f % 4 == 3) facts.setNull(7, java.sql.Types.DOUBLE); else facts.setDouble(7, 0.2 + 0.1 * r.nextInt(8));
                            facts.setObject(8, at);
                            facts.setString(9, first);
                            facts.setString(10, pool.factTargets.get(text));
                            facts.setObject(11, at);
                            facts.setBytes(12, toBytes(pool.factVectors.get(text)));
                            facts.setString(13, MODEL);
                            facts.setObject(14, uuids[source]);
                            facts.addBatch();
                        }
                        if (scale.factsPerSession() > 0) facts.executeBatch();
                        // One progressive summary folding the older messages (as a session of this
                        // length has after the summary jobs ran; the window is 12 by default).
                        int folded = scale.messagesPerSession() - scale.messagesPerSession() % 12 - 12;
                        if (folded > 0) {
                            int text = r.nextInt(pool.summaries.size());
                            StringBuilder related = new StringBuilder("[");
                            for (int m = 0; m < folded; m++) related.append(m == 0 ? "\"" : ",\"").append(uuids[m]).append('"');
                            related.append(']');
                            summaries.setLong(1, ++summaryId);
                            summaries.setObject(2, new UUID(0x50aa0000L, summaryId));
                            summaries.setLong(3, sessionPk);
                            summaries.setString(4, pool.summaries.get(text).replace("{U}", first));
                            summaries.setInt(5, 0);
                            summaries.setString(6, related.toString());
                            summaries.setObject(7, sessionStart.plusSeconds(20L * folded + 10));
                            summaries.setBytes(8, toBytes(pool.summaryVectors.get(text)));
                            summaries.setString(9, MODEL);
                            summaries.setLong(10, firstMessage + folded - 1);
                            summaries.executeUpdate();
                        }
                        if (sessionPk % 50 == 0) c.commit();
                        if (sessionPk % 500 == 0 || sessionPk == sessionsTotal) {
                            double s2 = secondsSince(started);
                            log("inserted %d/%d sessions, %,d messages (%.0f messages/s)", sessionPk, sessionsTotal, messageId, messageId / s2);
                        }
                    }
                }
            }
            c.commit();
            try (Statement st = c.createStatement()) {
                // Explicit ids were inserted: the identity columns continue after them.
                st.execute("ALTER TABLE users ALTER COLUMN id RESTART WITH " + (scale.users() + 1));
                st.execute("ALTER TABLE sessions ALTER COLUMN id RESTART WITH " + (sessionId + 1));
                st.execute("ALTER TABLE messages ALTER COLUMN id RESTART WITH " + (messageId + 1));
                st.execute("ALTER TABLE facts ALTER COLUMN id RESTART WITH " + (factId + 1));
                st.execute("ALTER TABLE summaries ALTER COLUMN id RESTART WITH " + (summaryId + 1));
            }
            c.commit();
            log("inserted %,d messages, %,d facts, %,d summaries in %.0f s; closing the database", messageId, factId, summaryId,
                    secondsSince(started));
            if (pgUrl == null) {
                try (Statement st = c.createStatement()) {
                    st.execute("SHUTDOWN"); // H2: the file closed and compacted before the server opens it
                }
            }
        }
    }


    static byte[] toBytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) buffer.putFloat(v);
        return buffer.array();
    }

    static String userId(int u) { return "bench-u" + u; }
    static String sessionIdOf(int u, int s) { return "bench-u" + u + "-s" + s; }

    // ------------------------------------------------------------------------------------------
    // The embedding model, in this process (reflection: the script compiles without LangChain4j)

    synchronized Object model() throws Exception {
        if (model == null) {
            long t0 = System.nanoTime();
            model = Class.forName("dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel")
                    .getConstructor().newInstance();
            log("loaded bge-small-en-v1.5 (quantized) in %.1f s", secondsSince(t0));
        }
        return model;
    }

    /** LocalEmbedder.embedAll: one embedAll call of the texts, each vector normalised. */
    List<float[]> embedAll(List<String> texts) throws Exception {
        Object m = model();
        Class<?> segment = Class.forName("dev.langchain4j.data.segment.TextSegment");
        java.lang.reflect.Method from = segment.getMethod("from", String.class);
        List<Object> segments = new ArrayList<>();
        for (String t : texts) segments.add(from.invoke(null, t == null || t.isBlank() ? " " : t));
        Object response = Class.forName("dev.langchain4j.model.embedding.EmbeddingModel").getMethod("embedAll", List.class)
                .invoke(m, segments);
        List<?> embeddings = (List<?>) response.getClass().getMethod("content").invoke(response);
        List<float[]> out = new ArrayList<>();
        for (Object e : embeddings) out.add(dev.engram.embedding.Vectors.normalize((float[]) e.getClass().getMethod("vector").invoke(e)));
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // The text pool

    static final class Pool {
        static final String[] FIRST_NAMES = {"Alice", "Bruno", "Chloe", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
                "Kavya", "Liam", "Mei", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Samir", "Tessa"};
        static final String[] LAST_NAMES = {"Moreau", "Okafor", "Lindqvist", "Tanaka", "Fischer"};
        static final String[] PETS = {"dog Miso", "cat Pepper", "dog Biscuit", "parrot Kiwi", "cat Luna", "rabbit Clover", "dog Rufus"};
        static final String[] RELATIVES = {"sister", "brother", "mother", "father", "cousin", "aunt", "grandmother", "best friend", "colleague", "neighbour"};
        static final String[] NAMES = {"Marta", "Tom", "Yusuf", "Olga", "Ben", "Sofia", "Raj", "Helga", "Pablo", "Aiko", "Nora", "Felix"};
        static final String[] PLACES = {"Lisbon", "Kyoto", "the Alps", "Edinburgh", "Vancouver", "Marrakesh", "the Lake District",
                "Reykjavik", "Buenos Aires", "Tasmania", "Krakow", "the Dolomites", "Seoul", "Cape Town", "Oaxaca", "Bergen"};
        static final String[] ACTIVITIES = {"hiking", "bouldering", "baking sourdough", "learning the cello", "running half marathons",
                "painting watercolours", "sailing", "knitting", "playing chess online", "gardening", "cycling to work",
                "learning Portuguese", "woodworking", "birdwatching", "photographing street art", "swimming in open water",
                "brewing kombucha", "writing short stories", "playing five-a-side football", "restoring an old motorbike"};
        static final String[] JOBS = {"nurse", "software engineer", "primary school teacher", "architect", "data analyst", "chef",
                "physiotherapist", "graphic designer", "accountant", "veterinarian", "electrician", "journalist"};
        static final String[] FOODS = {"ramen", "lentil curry", "paella", "dumplings", "shakshuka", "pho", "tacos al pastor",
                "mushroom risotto", "pierogi", "falafel", "katsu curry", "bibimbap"};
        static final String[] THINGS = {"a lightweight tent", "noise-cancelling headphones", "a standing desk", "a road bike",
                "a budgeting app", "a rice cooker", "trail running shoes", "a language course", "a cheap flight",
                "a children's book", "a yoga mat", "a second-hand camera", "a birthday present", "a winter coat"};
        static final String[] TIMES = {"last weekend", "yesterday", "two weeks ago", "last summer", "in March", "on Friday",
                "last month", "three years ago", "over the holidays", "this morning"};
        static final String[] FUTURES = {"next month", "this autumn", "in two weeks", "next spring", "before Christmas",
                "after my exams", "in June", "someday soon"};
        static final String[] PROBLEMS = {"a sore knee", "trouble sleeping", "a tight budget", "a long commute", "a noisy neighbour",
                "back pain", "too many meetings", "a leaking roof", "hay fever", "a slow laptop"};
        static final String[] FEELINGS = {"it has been great", "I'm a bit stressed about it", "it makes me really happy",
                "honestly it's exhausting", "I feel more relaxed", "I'm proud of the progress"};

        final List<String> user = new ArrayList<>(), assistant = new ArrayList<>(), facts = new ArrayList<>(),
                summaries = new ArrayList<>(), queries = new ArrayList<>();
        final List<String> factNames = new ArrayList<>(), factTargets = new ArrayList<>();
        List<float[]> userVectors, assistantVectors, factVectors, summaryVectors;

        static String pick(Random r, String[] words) { return words[r.nextInt(words.length)]; }

        Pool() {
            Random r = new Random(7);
            LinkedHashSet<String> u = new LinkedHashSet<>();
            while (u.size() < USER_POOL) {
                StringBuilder s = new StringBuilder(userSentence(r));
                int extra = r.nextInt(10) < 3 ? 1 + r.nextInt(2) : 0; // some turns are longer
                for (int i = 0; i < extra; i++) s.append(' ').append(userSentence(r));
                u.add(s.toString());
            }
            user.addAll(u);
            LinkedHashSet<String> a = new LinkedHashSet<>();
            while (a.size() < ASSISTANT_POOL) {
                StringBuilder s = new StringBuilder(assistantSentence(r));
                if (r.nextBoolean()) s.append(' ').append(assistantSentence(r));
                a.add(s.toString());
            }
            assistant.addAll(a);
            LinkedHashSet<String> f = new LinkedHashSet<>();
            while (f.size() < FACT_POOL) {
                String[] fact = fact(r);
                if (f.add(fact[0])) {
                    factNames.add(fact[1]);
                    factTargets.add(fact[2]);
                }
            }
            facts.addAll(f);
            LinkedHashSet<String> su = new LinkedHashSet<>();
            while (su.size() < SUMMARY_POOL) {
                su.add("{U} talked about " + pick(r, ACTIVITIES) + " and a trip to " + pick(r, PLACES) + " " + pick(r, TIMES)
                        + ". The assistant suggested " + pick(r, THINGS) + " and some " + pick(r, FOODS) + " recipes. {U} mentioned "
                        + pick(r, PROBLEMS) + " and their " + pick(r, RELATIVES) + " " + pick(r, NAMES) + ".");
            }
            summaries.addAll(su);
            LinkedHashSet<String> q = new LinkedHashSet<>();
            while (q.size() < 300) {
                q.add(switch (r.nextInt(6)) {
                    case 0 -> "When did I go to " + pick(r, PLACES) + " with my " + pick(r, RELATIVES) + "?";
                    case 1 -> pick(r, ACTIVITIES) + " " + pick(r, TIMES);
                    case 2 -> "what does my " + pick(r, RELATIVES) + " " + pick(r, NAMES) + " do for work";
                    case 3 -> "recommend " + pick(r, THINGS) + " for " + pick(r, ACTIVITIES);
                    case 4 -> "How is my " + pick(r, PROBLEMS).replaceFirst("^a ", "") + " since " + pick(r, TIMES) + "?";
                    default -> pick(r, FOODS) + " recipe for " + (2 + r.nextInt(6)) + " people";
                });
            }
            queries.addAll(q);
        }

        static String userSentence(Random r) {
            return switch (r.nextInt(12)) {
                case 0 -> "I went to " + pick(r, PLACES) + " " + pick(r, TIMES) + " with my " + pick(r, RELATIVES) + ".";
                case 1 -> "I've been " + pick(r, ACTIVITIES) + " for " + (2 + r.nextInt(10)) + " months and " + pick(r, FEELINGS) + ".";
                case 2 -> "I work as a " + pick(r, JOBS) + " and I'm dealing with " + pick(r, PROBLEMS) + ".";
                case 3 -> "Can you recommend " + pick(r, THINGS) + " under " + (20 + 10 * r.nextInt(30)) + " euros?";
                case 4 -> "My " + pick(r, PETS) + " keeps waking me up at " + (4 + r.nextInt(3)) + " am.";
                case 5 -> "I'm planning to visit " + pick(r, PLACES) + " " + pick(r, FUTURES) + ", any tips?";
                case 6 -> "My " + pick(r, RELATIVES) + " " + pick(r, NAMES) + " is a " + pick(r, JOBS) + " in " + pick(r, PLACES) + ".";
                case 7 -> "I cooked " + pick(r, FOODS) + " " + pick(r, TIMES) + " and it turned out " + (r.nextBoolean() ? "great" : "too salty") + ".";
                case 8 -> "I earn " + (1800 + 100 * r.nextInt(40)) + " euros a month and I want to save for " + pick(r, THINGS) + ".";
                case 9 -> "I started " + pick(r, ACTIVITIES) + " " + pick(r, TIMES) + " because of " + pick(r, PROBLEMS) + ".";
                case 10 -> "What should I pack for " + (2 + r.nextInt(12)) + " days in " + pick(r, PLACES) + "?";
                default -> "I love " + pick(r, FOODS) + " but my " + pick(r, RELATIVES) + " prefers " + pick(r, FOODS) + ".";
            };
        }

        static String assistantSentence(Random r) {
            return switch (r.nextInt(8)) {
                case 0 -> "That sounds wonderful! How long have you been " + pick(r, ACTIVITIES) + "?";
                case 1 -> "For " + pick(r, PLACES) + ", I'd suggest going " + pick(r, FUTURES) + " when it is less crowded.";
                case 2 -> "You could look at " + pick(r, THINGS) + "; many people like it for " + pick(r, ACTIVITIES) + ".";
                case 3 -> "I'm sorry to hear about " + pick(r, PROBLEMS) + ". Have you talked to your " + pick(r, RELATIVES) + " about it?";
                case 4 -> "A simple " + pick(r, FOODS) + " needs about " + (20 + 5 * r.nextInt(12)) + " minutes; do you want the recipe?";
                case 5 -> "Here is a plan: " + (2 + r.nextInt(4)) + " sessions a week of " + pick(r, ACTIVITIES) + ", and rest on Sundays.";
                case 6 -> "Noted. I'll remember that your " + pick(r, RELATIVES) + " lives in " + pick(r, PLACES) + ".";
                default -> "Good question! It depends on your budget and on " + pick(r, PROBLEMS) + ".";
            };
        }

        static String[] fact(Random r) {
            return switch (r.nextInt(8)) {
                case 0 -> new String[] {"{U} enjoys " + pick(r, ACTIVITIES) + ".", "ENJOYS", null};
                case 1 -> {
                    String p = pick(r, PLACES);
                    yield new String[] {"{U} visited " + p + " " + pick(r, TIMES) + ".", "VISITED", p};
                }
                case 2 -> new String[] {"{U} works as a " + pick(r, JOBS) + ".", "WORKS_AS", null};
                case 3 -> {
                    String pet = pick(r, PETS);
                    String name = pet.substring(pet.indexOf(' ') + 1);
                    yield new String[] {"{U} has a " + pet + ".", "HAS_PET", name};
                }
                case 4 -> {
                    String n = pick(r, NAMES);
                    yield new String[] {"{U}'s " + pick(r, RELATIVES) + " is " + n + ", a " + pick(r, JOBS) + ".", "IS_RELATED_TO", n};
                }
                case 5 -> new String[] {"{U} likes " + pick(r, FOODS) + ".", "LIKES", null};
                case 6 -> new String[] {"{U} is dealing with " + pick(r, PROBLEMS) + ".", "HAS_PROBLEM", null};
                default -> {
                    String p = pick(r, PLACES);
                    yield new String[] {"{U} plans to travel to " + p + " " + pick(r, FUTURES) + ".", "PLANS_TRIP", p};
                }
            };
        }

        /** The pool with its vectors, computed once and cached under target/bench. */
        static Pool load(Path root, Bench bench) throws Exception {
            Pool p = new Pool();
            Path cache = root.resolve("pool-v" + POOL_VERSION + ".bin");
            if (Files.exists(cache)) {
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache)))) {
                    p.userVectors = readVectors(in, p.user.size());
                    p.assistantVectors = readVectors(in, p.assistant.size());
                    p.factVectors = readVectors(in, p.facts.size());
                    p.summaryVectors = readVectors(in, p.summaries.size());
                    log("text pool: vectors read from %s", cache);
                    return p;
                } catch (IOException e) {
                    log("text pool cache unreadable (%s), computing again", e);
                }
            }
            long t0 = System.nanoTime();
            int total = p.user.size() + p.assistant.size() + p.facts.size() + p.summaries.size();
            log("text pool: embedding %d texts once with bge-small-en-v1.5 (cached for later runs)", total);
            // As MessageVectors embeds a message: "role: content" (IndexedText.ofMessage).
            p.userVectors = bench.embedPool(p.user.stream().map(s -> "user: " + s).toList());
            p.assistantVectors = bench.embedPool(p.assistant.stream().map(s -> "assistant: " + s).toList());
            // Facts and summaries are embedded from their content; a pool text stands for every
            // user's copy (the name in it differs), so embed it with a neutral name.
            p.factVectors = bench.embedPool(p.facts.stream().map(s -> s.replace("{U}", "Alex")).toList());
            p.summaryVectors = bench.embedPool(p.summaries.stream().map(s -> s.replace("{U}", "Alex")).toList());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(cache)))) {
                for (List<float[]> vs : List.of(p.userVectors, p.assistantVectors, p.factVectors, p.summaryVectors)) {
                    for (float[] v : vs) {
                        out.writeInt(v.length);
                        for (float f : v) out.writeFloat(f);
                    }
                }
            }
            log("text pool: %d texts embedded in %.0f s", total, secondsSince(t0));
            return p;
        }

        static List<float[]> readVectors(DataInputStream in, int count) throws IOException {
            List<float[]> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                float[] v = new float[in.readInt()];
                for (int j = 0; j < v.length; j++) v[j] = in.readFloat();
                out.add(v);
            }
            return out;
        }
    }

    List<float[]> embedPool(List<String> texts) throws Exception {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += 32) {
            out.addAll(embedAll(texts.subList(i, Math.min(texts.size(), i + 32))));
            if ((i / 32) % 25 == 0) log("  embedded %d/%d", out.size(), texts.size());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // Read phase

    void readPhase() throws Exception {
        if (pool == null) pool = new Pool(); // texts only (queries)
        Map<String, IntFunction<HttpRequest>> ops = readOperations(base() + "/api/v2");
        if (this.ops != null) {
            ops.keySet().removeIf(name -> this.ops.stream().noneMatch(name::contains));
        }
        // Warm-up: the JIT, the query embedding model, the caches. 40 requests per operation were
        // too few: the JIT was still compiling through the measured cells (memory.get at 1M
        // messages: p95 39 ms after them, 12-14 ms once 2,000 requests had run).
        log("read phase: warm-up, %d requests per operation (at most 60 s each)", warmup);
        for (IntFunction<HttpRequest> op : ops.values()) measure(op, 2, warmup, 60);
        line("");
        line("%-26s %21s  %21s  %9s", "latency in ms", "concurrency 1", "concurrency 8", "");
        line("%-26s %6s %6s %7s  %6s %6s %7s  %9s", "operation", "p50", "p95", "max", "p50", "p95", "max", "req/s c8");
        for (Map.Entry<String, IntFunction<HttpRequest>> op : ops.entrySet()) {
            Result c1 = measure(op.getValue(), 1, requests, seconds);
            Result c8 = measure(op.getValue(), 8, requests, seconds);
            line("%-26s %6.1f %6.1f %7.1f  %6.1f %6.1f %7.1f  %9.0f%s", op.getKey(), c1.p(50), c1.p(95), c1.max(), c8.p(50), c8.p(95),
                    c8.max(), c8.throughput(), c1.errors + c8.errors > 0 ? "  (" + (c1.errors + c8.errors) + " errors: " + c1.firstError
                            + " " + c8.firstError + ")" : "");
        }
        line("(%d requests per cell or %d s, whichever first, after a warm-up of %d per operation; random sessions, users and"
                + " queries; queries embedded by the server; load average %s)", requests, seconds, warmup, loadAverage());
    }

    // ------------------------------------------------------------------------------------------
    // Replicas (PostgreSQL only)

    /**
     * The read-heavy mix at concurrency 16 against one replica, then against two replicas on the
     * same database behind a round-robin client, alternated twice; prints requests/s of each and
     * the ratio. The second replica has a data dir of its own (unused on PostgreSQL); both share
     * the database and its search index.
     */
    void replicaPhase() throws Exception {
        if (pool == null) pool = new Pool();
        int secondPort = freePort();
        ProcessBuilder pb = serverProcess(false, false);
        Path secondData = dir.resolve("data-replica-2");
        Files.createDirectories(secondData);
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(secondPort));
        pb.environment().put("ENGRAM_DATA_DIR", secondData.toString());
        Process second = pb.start();
        log("second replica pid %d on port %d", second.pid(), secondPort);
        try {
            if (!awaitReady(second, secondPort)) {
                line("replicas: the second replica did not become ready (see %s)", serverLog);
                return;
            }
            // The read phase's operations but the search of every session (the slowest, it would
            // be most of the time), chosen at random, request i sent to replica i % replicas.
            List<List<IntFunction<HttpRequest>>> perReplica = new ArrayList<>();
            for (String api : List.of(base() + "/api/v2", "http://127.0.0.1:" + secondPort + "/api/v2")) {
                Map<String, IntFunction<HttpRequest>> ops = readOperations(api);
                ops.remove("search all sessions");
                perReplica.add(List.copyOf(ops.values()));
            }
            java.util.function.IntFunction<IntFunction<HttpRequest>> mix = replicas -> i -> {
                List<IntFunction<HttpRequest>> ops = perReplica.get(i % replicas);
                return ops.get(rnd().nextInt(ops.size())).apply(i);
            };
            log("replicas: warm-up of the second replica");
            measure(mix.apply(2), 4, 200, 30);
            line("");
            line("replicas: read mix (memory.get, session and user searches, message list) at concurrency 16, %d s per run", seconds);
            double[] one = new double[2];
            double[] two = new double[2];
            for (int round = 0; round < 2; round++) {
                Result single = measure(mix.apply(1), 16, 1_000_000, seconds);
                Result pair = measure(mix.apply(2), 16, 1_000_000, seconds);
                one[round] = single.throughput();
                two[round] = pair.throughput();
                line("  round %d: one replica %.0f req/s (p95 %.1f ms, %d errors), two replicas %.0f req/s (p95 %.1f ms, %d errors)",
                        round + 1, one[round], single.p(95), single.errors, two[round], pair.p(95), pair.errors);
            }
            double ratio = (two[0] + two[1]) / (one[0] + one[1]);
            line("two replicas / one: %.2f (%d cores shared by both replicas, PostgreSQL and this client; load average %s)",
                    ratio, Runtime.getRuntime().availableProcessors(), loadAverage());
        } finally {
            second.destroy();
            if (!second.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) second.destroyForcibly().waitFor();
        }
    }

    /** The read phase's operations on the server at {@code api}: random sessions, users and queries. */
    Map<String, IntFunction<HttpRequest>> readOperations(String api) {
        Map<String, IntFunction<HttpRequest>> ops = new LinkedHashMap<>();
        ops.put("memory.get (GET memory)", i -> get(api + "/sessions/" + randomSession() + "/memory"));
        ops.put("search one session", i -> post(api + "/sessions/" + randomSession() + "/search",
                "{\"text\":" + json(randomQuery()) + "}"));
        ops.put("search user, messages", i -> post(api + "/sessions/search", "{\"text\":" + json(randomQuery())
                + ",\"user_id\":\"" + userId(rnd().nextInt(scale.users())) + "\",\"search_scope\":\"messages\"}"));
        ops.put("search user, facts", i -> post(api + "/sessions/search", "{\"text\":" + json(randomQuery())
                + ",\"user_id\":\"" + userId(rnd().nextInt(scale.users())) + "\",\"search_scope\":\"facts\"}"));
        ops.put("search all sessions", i -> post(api + "/sessions/search", "{\"text\":" + json(randomQuery()) + "}"));
        ops.put("message list (floor)", i -> get(api + "/sessions/" + randomSession() + "/messages?limit=6"));
        return ops;
    }

    record Result(double[] sortedMs, int errors, String firstError, double wallSeconds) {
        double p(int q) {
            if (sortedMs.length == 0) return Double.NaN;
            int rank = (int) Math.ceil(q / 100.0 * sortedMs.length);
            return sortedMs[Math.max(0, Math.min(sortedMs.length - 1, rank - 1))];
        }
        double max() { return sortedMs.length == 0 ? Double.NaN : sortedMs[sortedMs.length - 1]; }
        double throughput() { return sortedMs.length / wallSeconds; }
    }

    Result measure(IntFunction<HttpRequest> op, int concurrency, int count, int capSeconds) throws Exception {
        double[] latencies = new double[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong deadline = new AtomicLong(System.nanoTime() + capSeconds * 1_000_000_000L);
        String[] firstError = {null};
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            threads.add(new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count && System.nanoTime() < deadline.get()) {
                    HttpRequest request = op.apply(i);
                    long s = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                            synchronized (firstError) {
                                if (firstError[0] == null) firstError[0] = r.statusCode() + " " + abbreviate(r.body());
                            }
                            continue;
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        synchronized (firstError) {
                            if (firstError[0] == null) firstError[0] = e.toString();
                        }
                        continue;
                    }
                    latencies[done.getAndIncrement()] = (System.nanoTime() - s) / 1e6;
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) t.join();
        double wall = secondsSince(t0);
        double[] measured = Arrays.copyOf(latencies, Math.min(done.get(), count));
        Arrays.sort(measured);
        return new Result(measured, errors.get(), firstError[0], wall);
    }

    String randomSession() {
        return sessionIdOf(rnd().nextInt(scale.users()), rnd().nextInt(scale.sessionsPerUser()));
    }

    String randomQuery() { return pool.queries.get(rnd().nextInt(pool.queries.size())); }

    static ThreadLocalRandom rnd() { return ThreadLocalRandom.current(); }

    // ------------------------------------------------------------------------------------------
    // Ingest and drain

    void ingestPhase() throws Exception {
        if (pool == null) pool = new Pool();
        String api = base() + "/api/v2";
        String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        int writers = 8, batch = 10, perSession = 100;
        Map<String, Integer> acked = new ConcurrentHashMap<>(); // session → acknowledged messages
        AtomicLong messages = new AtomicLong();
        AtomicInteger errors = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        String[] firstError = {null};
        log("ingest phase: %d writers for %d s", writers, ingestSeconds);
        List<Thread> threads = new ArrayList<>();
        long[] window = new long[2];
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(new Thread(() -> {
                Random r = new Random(1000L + writer);
                String user = "bench-ingest-" + run + "-w" + writer;
                try {
                    if (send(post(api + "/users", "{\"user_id\":\"" + user + "\",\"first_name\":\"" + Pool.FIRST_NAMES[writer] + "\"}")) / 100 != 2)
                        throw new IllegalStateException("cannot create user " + user);
                    for (int s = 0; !stop.get(); s++) {
                        String session = user + "-s" + s;
                        if (send(post(api + "/sessions", "{\"session_id\":\"" + session + "\",\"user_id\":\"" + user + "\"}")) / 100 != 2)
                            throw new IllegalStateException("cannot create session " + session);
                        for (int b = 0; b < perSession / batch && !stop.get(); b++) {
                            StringBuilder body = new StringBuilder("{\"messages\":[");
                            for (int m = 0; m < batch; m++) {
                                boolean u = m % 2 == 0;
                                String text = u ? pool.user.get(r.nextInt(pool.user.size())) : pool.assistant.get(r.nextInt(pool.assistant.size()));
                                body.append(m == 0 ? "" : ",").append("{\"role\":\"").append(u ? "user" : "assistant")
                                        .append("\",\"role_type\":\"").append(u ? "user" : "assistant").append("\",\"content\":")
                                        .append(json(text)).append('}');
                            }
                            body.append("]}");
                            HttpResponse<String> resp = http.send(post(api + "/sessions/" + session + "/memory", body.toString()),
                                    HttpResponse.BodyHandlers.ofString());
                            if (resp.statusCode() == 200) {
                                messages.addAndGet(batch);
                                acked.merge(session, batch, Integer::sum);
                            } else {
                                errors.incrementAndGet();
                                synchronized (firstError) {
                                    if (firstError[0] == null) firstError[0] = resp.statusCode() + " " + abbreviate(resp.body());
                                }
                            }
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    synchronized (firstError) {
                        if (firstError[0] == null) firstError[0] = e.toString();
                    }
                }
            }));
        }
        long t0 = System.nanoTime();
        double cpuAtStart = serverCpuSeconds();
        threads.forEach(Thread::start);
        Thread.sleep(ingestSeconds * 1000L);
        stop.set(true);
        for (Thread t : threads) t.join();
        double ingestWall = secondsSince(t0);
        double ingestCpu = serverCpuSeconds() - cpuAtStart;
        long total = messages.get();
        line("");
        line("ingest (POST memory, 8 writers, batches of %d): %,d messages acknowledged in %.1f s = %.0f messages/s (load average %s)%s",
                batch, total, ingestWall, total / ingestWall, loadAverage(), errors.get() > 0 ? " (" + errors.get() + " errors, first: " + firstError[0] + ")" : "");
        // The writers share the server's CPU with its background workers, which start on the
        // batches as they come: the CPU per acknowledged message counts both.
        line("  server CPU during the ingest: %.1f CPU-s = %.2f CPU-ms per acknowledged message", ingestCpu,
                1000 * ingestCpu / Math.max(1, total));
        // Drain: how fast the jobs turn those messages processed once the writers stopped.
        long tDrain = System.nanoTime();
        Map<String, Integer> processed = new LinkedHashMap<>();
        long first = countProcessed(api, acked, processed);
        double firstAt = secondsSince(tDrain);
        // The server's CPU-seconds per drained message: on a shared machine the wall-clock rate
        // follows the other load, its CPU cost much less.
        double cpuAtFirst = serverCpuSeconds();
        log("drain: %,d of %,d processed when the writers stopped", first, total);
        long now = first;
        double at = firstAt;
        int cap = drainSeconds;
        while (now < total && secondsSince(tDrain) < cap) {
            Thread.sleep(3000);
            now = countProcessed(api, acked, processed);
            at = secondsSince(tDrain);
            log("drain: %,d of %,d processed (%.0f s)", now, total, at);
        }
        double rate = (now - first) / Math.max(1e-9, at - firstAt);
        double drainCpu = serverCpuSeconds() - cpuAtFirst;
        line("drain (jobs: embeddings, facts, summaries): %,d messages processed in %.1f s after the writers stopped = %.0f messages/s"
                        + " (%,d were already processed at the stop: %.0f%%)%s", now - first, at - firstAt, rate, first,
                100.0 * first / Math.max(1, total), now < total ? String.format(Locale.ROOT, "; measured for %d s, %,d left", cap,
                        total - now) : "");
        lastDrainCpuPerMessage = drainCpu / Math.max(1, now - first);
        line("  server CPU during the drain: %.1f CPU-s = %.1f CPU-ms per message", drainCpu, 1000 * lastDrainCpuPerMessage);
        lastDrainRate = rate;
        // The ingest users go again (their sessions, messages and queued jobs with them), so the
        // later phases do not compete with a backlog and a rerun finds the data as seeded.
        for (int w = 0; w < writers; w++) {
            String user = "bench-ingest-" + run + "-w" + w;
            try {
                int status = send(HttpRequest.newBuilder(URI.create(api + "/users/" + user)).header("Authorization", "Api-Key " + API_KEY)
                        .timeout(Duration.ofSeconds(600)).DELETE().build());
                if (status != 200) log("WARNING: deleting %s answered %d", user, status);
            } catch (java.io.IOException e) {
                // The next run on this data deletes it (deleteLeftoverIngestUsers).
                log("WARNING: deleting %s failed: %s", user, e);
            }
        }
        log("deleted the ingest users");
    }

    double lastDrainRate = Double.NaN;
    double lastDrainCpuPerMessage = Double.NaN;

    double serverCpuSeconds() {
        return server.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    static double ownCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /** Processed messages of the ingest sessions (sessions found complete are not asked again). */
    long countProcessed(String api, Map<String, Integer> acked, Map<String, Integer> processed) throws Exception {
        Pattern flag = Pattern.compile("\"processed\"\\s*:\\s*true");
        for (Map.Entry<String, Integer> s : acked.entrySet()) {
            if (processed.getOrDefault(s.getKey(), 0) >= s.getValue()) continue;
            HttpResponse<String> r = http.send(get(api + "/sessions/" + s.getKey() + "/messages?limit=1000"),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IllegalStateException("messages of " + s.getKey() + ": " + r.statusCode());
            Matcher m = flag.matcher(r.body());
            int n = 0;
            while (m.find()) n++;
            processed.put(s.getKey(), n);
        }
        return processed.values().stream().mapToLong(Integer::longValue).sum();
    }

    // ------------------------------------------------------------------------------------------
    // The bare model

    void modelPhase() throws Exception {
        if (pool == null) pool = new Pool();
        int batch = 10, texts = scale.name().equals("small") ? 600 : 1500;
        Thread.sleep(3000); // let the server settle (the job queue is empty after the ingest phase)
        List<String> all = new ArrayList<>();
        Random r = new Random(5);
        for (int i = 0; i < texts; i++) {
            all.add(i % 2 == 0 ? "user: " + pool.user.get(r.nextInt(pool.user.size()))
                    : "assistant: " + pool.assistant.get(r.nextInt(pool.assistant.size())));
        }
        log("model phase: %d texts in batches of %d", texts, batch);
        embedAll(all.subList(0, 50)); // load and warm up
        long t0 = System.nanoTime();
        double cpu0 = ownCpuSeconds();
        for (int i = 0; i < texts; i += batch) embedAll(all.subList(i, Math.min(texts, i + batch)));
        double wall = secondsSince(t0);
        double cpuPerText = (ownCpuSeconds() - cpu0) / texts;
        double rate = texts / wall;
        line("");
        line("bare model (bge-small-en-v1.5 q, LangChain4j in this process, embedAll of %d texts, one caller): %.0f texts/s (load average %s)%s",
                batch, rate, loadAverage(),
                Double.isNaN(lastDrainRate) ? "" : String.format(Locale.ROOT, "; drain / bare model = %.2f", lastDrainRate / rate));
        line("  CPU of this process while embedding: %.1f CPU-ms per text%s", 1000 * cpuPerText, Double.isNaN(lastDrainCpuPerMessage)
                ? "" : String.format(Locale.ROOT, "; by CPU, drain / bare model = %.2f (CPU per text / server CPU per drained message)",
                cpuPerText / lastDrainCpuPerMessage));
        line("(the server's ingest job embeds each message once plus the turn before a batch's first, and learns facts and"
                + " summaries on top; the machine is shared, so both rates are noisy)");
    }

    // ------------------------------------------------------------------------------------------
    // Start-up

    void startupPhase() throws Exception {
        stopServer();
        line("");
        line("start-up, JVM options %s:", javaOpts.isEmpty() ? "(none)" : String.join(" ", javaOpts));
        startups("default jar with the existing data and index (spawn to the first 200 of GET memory)", false, false, 200);
        if (aotJava != null) {
            startups("the same from JDK 25's AOT cache (" + aotJava + " " + String.join(" ", aotJavaOpts) + " -jar " + aotJar + ")",
                    false, true, 200);
        }
        line("start-up in mock mode, JVM options %s:", mockJavaOpts.isEmpty() ? "(none)" : String.join(" ", mockJavaOpts));
        startups("mock mode (spawn to the first answer, a 404 of GET memory of an unknown session)", true, false, 404);
        if (aotJava != null) {
            startups("mock mode from JDK 25's AOT cache", true, true, 404);
        }
    }

    /** Starts the server {@code starts} times; per run and median: wall s, CPU-seconds and RSS at the first answer. */
    void startups(String what, boolean mock, boolean aot, int expected) throws Exception {
        String probeSession = mock ? "bench-no-such-session" : sessionIdOf(0, 0);
        List<double[]> runs = new ArrayList<>();
        line("  %s:", what);
        for (int i = 0; i < starts; i++) {
            port = freePort();
            ProcessBuilder pb = serverProcess(mock, aot);
            long t0 = System.nanoTime();
            server = pb.start();
            double wall = -1;
            HttpRequest probe = HttpRequest.newBuilder(URI.create(base() + "/api/v2/sessions/" + probeSession + "/memory"))
                    .header("Authorization", "Api-Key " + API_KEY).timeout(Duration.ofSeconds(10)).GET().build();
            while (secondsSince(t0) < 300 && server.isAlive()) {
                try {
                    if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == expected) {
                        wall = secondsSince(t0);
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(20);
            }
            if (wall < 0) throw new IllegalStateException("server did not answer within 300 s (see " + serverLog + ")");
            double cpu = server.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
            double rssMb = rssMb(server.pid());
            runs.add(new double[] {wall, cpu, rssMb});
            line("    run %d: %.2f s wall, %.1f CPU-s, RSS %.0f MB", i + 1, wall, cpu, rssMb);
            stopServer();
        }
        double[] median = new double[3];
        for (int k = 0; k < 3; k++) {
            int kk = k;
            double[] xs = runs.stream().mapToDouble(x -> x[kk]).sorted().toArray();
            median[k] = xs.length % 2 == 1 ? xs[xs.length / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
        }
        line("    median of %d: %.2f s wall, %.1f CPU-s, RSS %.0f MB (load average %s)", runs.size(), median[0], median[1], median[2],
                loadAverage());
    }

    /**
     * The server's memory after the phases above: its resident set, split into anonymous memory
     * (heap, native allocations, the model) and file pages it maps (Lucene's index files, read
     * through the page cache and shared with it), and its peak.
     */
    void memoryAfterLoad() {
        Process p = server;
        if (p == null || !p.isAlive()) return;
        Map<String, Double> mb = procStatusMb(p.pid());
        if (mb.isEmpty()) return;
        line("");
        line("server memory after the load: RSS %.0f MB (anonymous %.0f MB, mapped files %.0f MB), peak RSS %.0f MB",
                mb.getOrDefault("VmRSS", Double.NaN), mb.getOrDefault("RssAnon", Double.NaN),
                mb.getOrDefault("RssFile", Double.NaN) + mb.getOrDefault("RssShmem", 0.0), mb.getOrDefault("VmHWM", Double.NaN));
    }

    /** The sizes in /proc/PID/status ("VmRSS: 1234 kB"), in MB; empty when not on Linux. */
    static Map<String, Double> procStatusMb(long pid) {
        Map<String, Double> sizes = new java.util.HashMap<>();
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (l.endsWith(" kB")) {
                    sizes.put(l.substring(0, l.indexOf(':')), Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return sizes;
    }

    static double rssMb(long pid) {
        return procStatusMb(pid).getOrDefault("VmRSS", Double.NaN);
    }

    // ------------------------------------------------------------------------------------------
    // Server process

    ProcessBuilder serverProcess() throws IOException {
        return serverProcess(false, false);
    }

    /** The packaged server: the fast-jar on this JDK, or ({@code aot}) the aot-jar from its cache on JDK 25. */
    ProcessBuilder serverProcess(boolean mock, boolean aot) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(aot ? aotJava : Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(mock ? mockJavaOpts : javaOpts);
        if (aot) command.addAll(aotJavaOpts);
        command.add("-jar");
        command.add(aot ? aotJar : jar);
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("ENGRAM_DATA_DIR", dataDir.toString());
        if (mock) env.put("QUARKUS_PROFILE", "mock");
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("ENGRAM_AUTH_API_KEYS", API_KEY);
        // The data is seeded into the H2 file of the data dir (or the --pg-url database); a
        // database URL left in the environment would start the server on another database.
        env.remove("ENGRAM_DB_URL");
        env.remove("QUARKUS_DATASOURCE_JDBC_URL");
        if (pgUrl != null && !mock) {
            env.put("ENGRAM_DB_URL", pgUrl);
            env.put("ENGRAM_DB_USER", "engram");
            env.put("ENGRAM_DB_PASSWORD", "engram");
        }
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog.toFile()));
        Files.writeString(serverLog, "\n===== [bench] starting server on port " + port + " at " + OffsetDateTime.now(ZoneOffset.UTC) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return pb;
    }

    boolean startServer() throws Exception {
        port = freePort();
        server = serverProcess().start();
        log("server pid %d on port %d", server.pid(), port);
        return awaitReady(server, port);
    }

    /** Waits up to 300 s for the server process listening on {@code port} to report ready. */
    boolean awaitReady(Process process, int port) throws Exception {
        long t0 = System.nanoTime();
        while (secondsSince(t0) < 300) {
            if (!process.isAlive()) {
                log("ERROR: server exited with status %d; see %s", process.exitValue(), serverLog);
                return false;
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return true;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        log("ERROR: server not ready after 300 s; see %s", serverLog);
        return false;
    }

    /** Waits until the index follows the database and holds at least {@code records} documents. */
    boolean awaitIndex(long records, int timeoutSeconds) throws Exception {
        Pattern state = Pattern.compile("\"state\"\\s*:\\s*\"(\\w+)\"");
        Pattern docs = Pattern.compile("\"documents\"\\s*:\\s*(\\d+)");
        long t0 = System.nanoTime();
        long lastLog = 0;
        while (secondsSince(t0) < timeoutSeconds) {
            if (!server.isAlive()) {
                log("ERROR: server exited; see %s", serverLog);
                return false;
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            Matcher s = state.matcher(r.body());
            Matcher d = docs.matcher(r.body());
            String st = s.find() ? s.group(1) : "?";
            long n = d.find() ? Long.parseLong(d.group(1)) : -1;
            if (st.equals("following") && n >= records) {
                log("index: %s, %,d documents", st, n);
                return true;
            }
            if (System.nanoTime() - lastLog > 30_000_000_000L) {
                lastLog = System.nanoTime();
                log("index: %s, %,d of %,d documents (%.0f s)", st, n, records, secondsSince(t0));
            }
            Thread.sleep(1000);
        }
        log("ERROR: index not current after %d s", timeoutSeconds);
        return false;
    }

    /** SIGTERM (the server closes the database and commits the index), SIGKILL after 60 s. */
    void stopServer() throws Exception {
        Process p = server;
        if (p == null || !p.isAlive()) return;
        p.destroy();
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            log("server did not stop within 60 s; killing it");
            p.destroyForcibly().waitFor();
        }
        server = null;
    }

    void killServer() {
        Process p = server;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    int send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Api-Key " + API_KEY)
                .timeout(Duration.ofSeconds(120)).GET().build();
    }

    HttpRequest post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Api-Key " + API_KEY)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    String base() { return "http://127.0.0.1:" + port; }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Helpers

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (ch < 0x20) b.append(String.format("\\u%04x", (int) ch)); else b.append(ch);
                }
            }
        }
        return b.append('"').toString();
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    static String lastMatch(Path file, Pattern p) throws IOException {
        String found = null;
        if (!Files.exists(file)) return null;
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            for (String l : (Iterable<String>) lines::iterator) {
                Matcher m = p.matcher(l);
                if (m.find()) found = m.group();
            }
        } catch (java.io.UncheckedIOException e) {
            return found;
        }
        return found;
    }

    static String size(Path p) throws IOException {
        if (!Files.exists(p)) return "absent";
        long bytes;
        try (Stream<Path> s = Files.walk(p)) {
            bytes = s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.2f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.0f MB", bytes / (double) (1L << 20));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Collections.reverseOrder()).toList()) Files.delete(x);
        }
    }

    /** A line of the report: printed now, appended to the report file now (a cut-short run keeps what it measured). */
    void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        report.add(s);
        log("%s", s);
        try {
            Files.writeString(reportFile, s + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log("cannot write %s: %s", reportFile, e);
        }
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench %s] %s%n", java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
                        .format(OffsetDateTime.now(ZoneOffset.UTC)),
                String.format(Locale.ROOT, format, args));
    }

    static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
