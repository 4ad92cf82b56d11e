package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code engram export} and {@code engram import}: backup, restore and moving in, through a
 * running server's {@code /api/v2/export} and {@code /api/v2/import} (and, with {@code --from},
 * any Zep v2 server's own API; see {@link ZepCopy}). Exit status 0 on success, 1 on a failure,
 * 2 on wrong arguments.
 */
public final class TransferCommand {

    static final Set<String> NAMES = Set.of("export", "import");

    static final String USAGE = """
            usage:
              engram export --out FILE[.gz] [--users a,b] [--url URL] [--api-key KEY]
              engram import --file FILE[.gz] [--users a,b] [--url URL] [--api-key KEY]
              engram import --from SOURCE_URL --api-key SOURCE_KEY [--users a,b] [--since DATE]
                            [--checkpoint FILE] [--url URL] [--target-api-key KEY]

              --url      the Engram server (default $ENGRAM_URL, else http://localhost:8000)
              --api-key  its API key (default $ENGRAM_API_KEY, else the first of $ENGRAM_AUTH_API_KEYS);
                         with --from, the source's key, and --target-api-key is the Engram server's
              --out/--file  JSON lines, gzip-compressed when the name ends in .gz ('-' for stdout on export)
              --users    only these users (comma-separated user ids)
              --since    with --from: messages, facts and summaries created before this date
                         (2024-05-01 or an RFC 3339 time) are not copied
              --checkpoint  with --from: the resume file (default engram-import.checkpoint.json)
            """;

    /** Batches stay under the server's default body limit (5 MiB) with room to spare. */
    static final int BATCH_BYTES = 4 * 1024 * 1024;
    static final int BATCH_LINES = 5000;

    private TransferCommand() {
    }

    public static int run(String... args) {
        PrintStream err = System.err;
        Map<String, String> options;
        try {
            options = options(Arrays.copyOfRange(args, 1, args.length));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (options.containsKey("help")) {
            System.out.print(USAGE);
            return 0;
        }
        try {
            if (args[0].equals("export")) {
                return export(options, err);
            }
            if (options.containsKey("from")) {
                return ZepCopy.run(options, err);
            }
            return importFile(options, err);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IOException e) {
            err.println();
            err.println(args[0] + " failed: " + e.getMessage());
            return 1;
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                options.put("help", "");
                continue;
            }
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (!Set.of("url", "api-key", "target-api-key", "out", "file", "users", "from", "since", "checkpoint")
                    .contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            options.put(name, value);
        }
        return options;
    }

    static String url(Map<String, String> options) {
        String url = options.get("url");
        if (url == null) {
            url = System.getenv("ENGRAM_URL");
        }
        if (url == null || url.isEmpty()) {
            String port = System.getenv("QUARKUS_HTTP_PORT");
            url = "http://localhost:" + (port == null || port.isEmpty() ? "8000" : port);
        }
        return url;
    }

    /** The Engram server's key: the option, else the environment a server and its admin share. */
    static String engramKey(String option) {
        if (option != null) {
            return option;
        }
        String key = System.getenv("ENGRAM_API_KEY");
        if (key != null && !key.isEmpty()) {
            return key;
        }
        String keys = System.getenv("ENGRAM_AUTH_API_KEYS");
        return keys == null || keys.isBlank() ? null : keys.split(",")[0].trim();
    }

    static Set<String> users(Map<String, String> options) {
        String users = options.get("users");
        if (users == null) {
            return null;
        }
        Set<String> set = new LinkedHashSet<>();
        for (String u : users.split(",")) {
            if (!u.isBlank()) {
                set.add(u.strip());
            }
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("--users names no user");
        }
        return set;
    }

    private static int export(Map<String, String> options, PrintStream err) throws IOException {
        String out = options.get("out");
        if (out == null) {
            throw new IllegalArgumentException("export needs --out FILE");
        }
        Http server = new Http(url(options), engramKey(options.get("api-key")));
        StringBuilder path = new StringBuilder("/export");
        Set<String> users = users(options);
        if (users != null) {
            String sep = "?";
            for (String u : users) {
                path.append(sep).append("users=").append(Http.encode(u));
                sep = "&";
            }
        }
        boolean toStdout = out.equals("-");
        Path target = toStdout ? null : Path.of(out).toAbsolutePath();
        // Written beside the target and renamed at the end: a failed export leaves no file that
        // looks complete.
        Path partial = toStdout ? null : target.resolveSibling(target.getFileName() + ".partial");
        Progress progress = new Progress(err, "records");
        long[] total = {-1};
        long count = 0;
        Map<String, Long> kinds = new java.util.LinkedHashMap<>();
        try (InputStream in = server.stream(path.toString());
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
             OutputStream file = toStdout ? new NonClosing(System.out) : Files.newOutputStream(partial);
             OutputStream sink = out.endsWith(".gz") ? new GZIPOutputStream(file, 1 << 16) : new java.io.BufferedOutputStream(file, 1 << 16)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                String kind = kindOf(line);
                if ("header".equals(kind)) {
                    JsonNode counts = Http.JSON.readTree(line).path("counts");
                    total[0] = 0;
                    counts.forEach(c -> total[0] += c.asLong());
                } else {
                    count++;
                    kinds.merge(kind, 1L, Long::sum);
                }
                sink.write(line.getBytes(StandardCharsets.UTF_8));
                sink.write('\n');
                long done = count;
                progress.update(count, null, () -> total[0] > 0 ? (double) done / total[0] : -1, false);
            }
        } catch (IOException e) {
            progress.finish();
            if (partial != null) {
                Files.deleteIfExists(partial);
            }
            throw e;
        }
        long done = count;
        progress.update(count, null, () -> total[0] > 0 ? (double) done / total[0] : -1, true);
        progress.finish();
        if (!toStdout) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        err.println("exported " + describe(kinds) + (toStdout ? "" : " to " + out));
        return 0;
    }

    private static int importFile(Map<String, String> options, PrintStream err) throws IOException {
        String file = options.get("file");
        if (file == null) {
            throw new IllegalArgumentException("import needs --file FILE or --from URL");
        }
        Http server = new Http(url(options), engramKey(options.get("api-key")));
        Set<String> users = users(options);
        Set<String> keptSessions = new HashSet<>();
        Path path = Path.of(file);
        long size = Files.size(path);
        ImportSender sender = new ImportSender(server, BATCH_BYTES, BATCH_LINES);
        Progress progress = new Progress(err, "records");
        long filtered = 0;
        try (Counting counted = new Counting(Files.newInputStream(path));
             BufferedReader reader = new BufferedReader(new InputStreamReader(decompressed(counted), StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                if (users != null && !wanted(line, users, keptSessions)) {
                    filtered++;
                    continue;
                }
                sender.add(line, "line " + number + " of " + file);
                progress.update(sender.sent, stored(sender), () -> (double) counted.read / size, false);
            }
            sender.flush();
        } catch (IOException e) {
            progress.finish();
            err.println("stopped: what was sent before is stored; running the same import again continues (stored records are skipped)");
            throw e;
        }
        progress.update(sender.sent, stored(sender), () -> 1, true);
        progress.finish();
        err.println("imported " + describe(sender.created));
        err.println("skipped (already stored) " + describe(sender.skipped));
        if (users != null) {
            err.println("left out (other users) " + filtered + " record(s)");
        }
        return 0;
    }

    /** Whether a line belongs to one of the users (a session's records follow the session). */
    private static boolean wanted(String line, Set<String> users, Set<String> keptSessions) throws IOException {
        JsonNode r = Http.JSON.readTree(line);
        return switch (r.path("kind").asText()) {
            case "user", "fact" -> users.contains(r.path("user_id").asText());
            case "session" -> {
                boolean keep = users.contains(r.path("user_id").asText());
                if (keep) {
                    keptSessions.add(r.path("session_id").asText());
                }
                yield keep;
            }
            case "message", "summary" -> keptSessions.contains(r.path("session_id").asText());
            default -> true; // the header, and what the server should name as wrong
        };
    }

    static String stored(ImportSender sender) {
        return sender.createdTotal() + " stored, " + sender.skippedTotal() + " already there";
    }

    static String describe(Map<String, Long> counts) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(e.getValue()).append(' ').append(e.getKey()).append(e.getValue() == 1 ? "" : plural(e.getKey()));
        }
        return s.length() == 0 ? "nothing" : s.toString();
    }

    private static String plural(String kind) {
        return kind.equals("summary") ? "" : "s";
    }

    /** The {@code kind} of a record line, read without parsing the whole line. */
    static String kindOf(String line) throws IOException {
        try (var parser = Http.JSON.getFactory().createParser(line)) {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals("kind")) {
                    return parser.getValueAsString();
                }
                parser.skipChildren();
            }
            return null;
        }
    }

    /** The file's bytes, gunzipped when they start with gzip's magic number. */
    private static InputStream decompressed(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }

    /** Counts the bytes read from the file, for the share done. */
    private static final class Counting extends FilterInputStream {
        volatile long read;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                read++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
            }
            return n;
        }
    }

    /** stdout, which the export must not close. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
