package dev.engram.eval;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The retrieval report ({@code make eval-retrieval}): stores long conversations in the LoCoMo
 * layout through the HTTP API, waits for the background processing, asks every question through
 * {@code POST /api/v2/sessions/search} and prints recall@1/5/10 and MRR@10 per scope, one table
 * per conversation and a total, next to a Lucene BM25 baseline computed in the same run (see
 * {@link RetrievalHarness} and {@link Conversation} for what is stored and which questions count).
 *
 * <p>Input: system property {@code locomo.dir} or environment variable {@code LOCOMO_DIR} (default
 * {@code /work/data/locomo/dev}), a comma-separated list of directories (every {@code *.json} in
 * them) and files. The data set is not part of the repository. Output: standard output and
 * {@code target/eval-retrieval.txt} (per-question ranks, no text: {@code target/eval-retrieval-ranks.tsv}).
 * It measures and does not judge the figures; it fails only when the API errs or the messages are
 * not processed within {@code eval.timeout.minutes} (default 60).
 */
@QuarkusTest
@Tag("eval")
class RetrievalEvalTest {

    static final String DEFAULT_DIR = "/work/data/locomo/dev";

    @Test
    void printsTheRetrievalReport() throws IOException {
        String spec = System.getProperty("locomo.dir");
        if (spec == null || spec.isBlank()) {
            spec = System.getenv().getOrDefault("LOCOMO_DIR", DEFAULT_DIR);
        }
        Duration timeout = Duration.ofMinutes(Long.getLong("eval.timeout.minutes", 60));
        int window = ConfigProvider.getConfig().getOptionalValue("engram.intelligence.summary-window", Integer.class)
                .orElse(12);
        long started = System.nanoTime();
        List<Conversation> conversations = Conversation.load(spec);
        System.out.printf("== eval-retrieval: %d conversation(s) from %s%n", conversations.size(), spec);

        RetrievalHarness harness = new RetrievalHarness(() -> given().contentType(ContentType.JSON), window,
                Duration.ofSeconds(2));
        // LoCoMo's sessions are finished conversations, days apart: ended, as an application
        // would end them (-Deval.endSessions=false keeps them running, summaries then stop
        // short of each session's recent window).
        boolean endSessions = Boolean.parseBoolean(System.getProperty("eval.endSessions", "true"));
        if (endSessions) {
            harness.endingSessions();
        }
        System.out.printf("  sessions %s after they are stored%n", endSessions ? "ended" : "left running");
        List<RetrievalHarness.Stored> stored = new ArrayList<>();
        for (Conversation c : conversations) {
            stored.add(harness.store(c, "locomo"));
        }
        long storedAt = System.nanoTime();
        System.out.printf("  stored %d messages in %d s; waiting for the background processing%n",
                conversations.stream().mapToInt(Conversation::turnCount).sum(), seconds(storedAt - started));
        harness.awaitProcessing(stored, timeout, Duration.ofSeconds(90));
        long processedAt = System.nanoTime();
        for (RetrievalHarness.Stored s : stored) {
            harness.ask(s);
            System.out.printf("  asked %d question(s) of %s%n", s.conversation.questions().size(), s.conversation.name());
        }
        long askedAt = System.nanoTime();

        String report = "\nsessions " + (endSessions ? "ended" : "left running") + " after they were stored\n"
                + RetrievalHarness.report(stored) + String.format(
                "%ntimes: store %d s, background processing %d s, %d searches %d s, total %d s%n",
                seconds(storedAt - started), seconds(processedAt - storedAt), harness.searches(),
                seconds(askedAt - processedAt), seconds(askedAt - started));
        System.out.println(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "eval-retrieval.txt"), "input: " + spec + "\n" + harness.log() + report);
        Files.writeString(Path.of("target", "eval-retrieval-ranks.tsv"), RetrievalHarness.ranksTsv(stored));
        if (!harness.errors().isEmpty()) {
            throw new AssertionError(harness.errors().size() + " search(es) failed, first: " + harness.errors().get(0));
        }
    }

    private static long seconds(long nanos) {
        return nanos / 1_000_000_000L;
    }
}
