package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends records to {@code POST /api/v2/import} in batches under the server's body limit, and adds
 * up what the server stored and skipped. Each batch is stored whole or not at all, and records
 * already stored are skipped, so sending a batch again after a failure is safe.
 */
final class ImportSender {

    static final List<String> KINDS = List.of("user", "session", "message", "fact", "summary");
    private static final Pattern LINE = Pattern.compile("line (\\d+): ");

    private final Http target;
    private final int maxBytes;
    private final int maxLines;
    private final ByteArrayOutputStream batch = new ByteArrayOutputStream();
    /** Where each line of the batch came from, to name it when the server refuses one. */
    private final List<String> origins = new ArrayList<>();
    final Map<String, Long> created = new LinkedHashMap<>();
    final Map<String, Long> skipped = new LinkedHashMap<>();
    long sent;

    ImportSender(Http target, int maxBytes, int maxLines) {
        this.target = target;
        this.maxBytes = maxBytes;
        this.maxLines = maxLines;
        for (String kind : KINDS) {
            created.put(kind, 0L);
            skipped.put(kind, 0L);
        }
    }

    /** Adds one record (a JSON object on one line); sends the batch first when it is full. */
    void add(String line, String origin) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (batch.size() > 0 && (batch.size() + bytes.length + 1 > maxBytes || origins.size() >= maxLines)) {
            flush();
        }
        batch.write(bytes);
        batch.write('\n');
        origins.add(origin);
    }

    /** Sends what is waiting; afterwards everything added so far is stored (or was already). */
    void flush() throws IOException {
        if (origins.isEmpty()) {
            return;
        }
        JsonNode report;
        try {
            report = target.postNdjson("/import", batch.toByteArray());
        } catch (Http.Failure refused) {
            throw new Http.Failure(refused.status, named(refused.getMessage()));
        }
        for (String kind : KINDS) {
            created.merge(kind, report.path("created").path(kind).asLong(), Long::sum);
            skipped.merge(kind, report.path("skipped").path(kind).asLong(), Long::sum);
        }
        sent += origins.size();
        batch.reset();
        origins.clear();
    }

    /** The server's "line N: ..." of the batch, told as the place the line came from. */
    private String named(String message) {
        Matcher m = LINE.matcher(message);
        if (m.find()) {
            int n = Integer.parseInt(m.group(1));
            if (n >= 1 && n <= origins.size()) {
                return message.substring(0, m.start()) + origins.get(n - 1) + ": " + message.substring(m.end());
            }
        }
        return message;
    }

    long createdTotal() {
        return created.values().stream().mapToLong(Long::longValue).sum();
    }

    long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }
}
