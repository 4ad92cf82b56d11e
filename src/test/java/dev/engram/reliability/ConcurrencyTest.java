package dev.engram.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.ApiTestSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many clients at once, on both databases (the suite runs on H2 and on PostgreSQL): writers on
 * one session get no 5xx and every acknowledged message is stored; concurrent metadata merges
 * with distinct keys keep every key; concurrent creates of one id create it once. Each test
 * prints its figures.
 */
@QuarkusTest
class ConcurrencyTest extends ApiTestSupport {

    private static final int WRITERS = 64;

    @Test
    void sixtyFourWritersOnOneSessionGetNoServerErrorAndLoseNothing() throws Exception {
        String sessionId = createSession(createUser());
        int batchesPerWriter = 3;
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        runAtOnce(WRITERS, writer -> {
            for (int b = 0; b < batchesPerWriter; b++) {
                List<Map<String, Object>> batch = new ArrayList<>();
                List<String> uuids = new ArrayList<>();
                for (int m = 0; m < 3; m++) {
                    String uuid = UUID.randomUUID().toString();
                    uuids.add(uuid);
                    batch.add(map("uuid", uuid, "role_type", "user", "role", "w" + writer,
                            "content", "writer " + writer + " batch " + b + " message " + m));
                }
                int status = api().body(Map.of("messages", batch)).post("/api/v2/sessions/{id}/memory", sessionId)
                        .statusCode();
                statuses.merge(status, 1, Integer::sum);
                if (status == 200) {
                    acknowledged.addAll(uuids);
                }
            }
            return null;
        });
        Set<String> stored = new java.util.HashSet<>(api().get("/api/v2/sessions/{id}/messages", sessionId)
                .then().statusCode(200).extract().jsonPath().getList("messages.uuid", String.class));
        System.out.printf("[concurrency] %d writers x %d batches on one session: statuses %s, %d acknowledged, %d stored%n",
                WRITERS, batchesPerWriter, new TreeMap<>(statuses), acknowledged.size(), stored.size());
        assertEquals(Map.of(200, WRITERS * batchesPerWriter), statuses, "every write answered 200");
        assertTrue(stored.containsAll(acknowledged), "every acknowledged message is stored");
    }

    @Test
    void concurrentMergesIntoASessionKeepEveryKey() throws Exception {
        String sessionId = createSession(createUser());
        assertMergesKeepEveryKey("session", "/api/v2/sessions/{id}", sessionId, "/api/v2/sessions/" + sessionId);
    }

    @Test
    void concurrentMergesIntoAUserKeepEveryKey() throws Exception {
        String userId = createUser();
        assertMergesKeepEveryKey("user", "/api/v2/users/{id}", userId, "/api/v2/users/" + userId);
    }

    @Test
    void concurrentMergesIntoAMessageKeepEveryKey() throws Exception {
        String sessionId = createSession(createUser());
        addMessages(sessionId, List.of(message("user", "A message many clients annotate at once.")));
        String uuid = getJson("/api/v2/sessions/{id}/messages", sessionId).getString("messages[0].uuid");
        assertMergesKeepEveryKey("message", "/api/v2/sessions/" + sessionId + "/messages/{id}", uuid,
                "/api/v2/sessions/" + sessionId + "/messages/" + uuid);
    }

    @Test
    void concurrentCreatesOfOneIdCreateItOnce() throws Exception {
        String userId = unique("race-user");
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        runAtOnce(16, i -> {
            Response response = api().body(Map.of("user_id", userId, "first_name", "n" + i)).post("/api/v2/users");
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() != 201) {
                assertError(response, 400, "already exists");
            }
            return null;
        });
        String sessionId = unique("race-session");
        Map<Integer, Integer> sessionStatuses = new ConcurrentHashMap<>();
        runAtOnce(16, i -> {
            Response response = api().body(Map.of("session_id", sessionId, "user_id", userId)).post("/api/v2/sessions");
            sessionStatuses.merge(response.statusCode(), 1, Integer::sum);
            return null;
        });
        System.out.printf("[concurrency] 16 concurrent creates of one user: %s; of one session: %s%n",
                new TreeMap<>(statuses), new TreeMap<>(sessionStatuses));
        assertEquals(1, statuses.get(201), "exactly one create of the user succeeds");
        assertEquals(Map.of(201, 1, 400, 15), new TreeMap<>(sessionStatuses), "exactly one create of the session succeeds");
        assertEquals(1, api().get("/api/v2/users/{id}/sessions", userId).then().statusCode(200)
                .extract().jsonPath().getList("$").size());
    }

    /** 8 clients × 10 PATCHes with distinct keys (the reproduction); answers the number acknowledged. */
    private static int mergeConcurrently(String path, String id) throws Exception {
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        runAtOnce(8, client -> {
            for (int j = 0; j < 10; j++) {
                int status = api().body(Map.of("metadata", Map.of("p" + client + "_" + j, j))).patch(path, id).statusCode();
                statuses.merge(status, 1, Integer::sum);
            }
            return null;
        });
        assertEquals(Map.of(200, 80), statuses, "every merge answered 200");
        return 80;
    }

    /** Merges concurrently into the record at {@code path}, then reads it back at {@code readPath}. */
    private static void assertMergesKeepEveryKey(String what, String path, String id, String readPath) throws Exception {
        int written = mergeConcurrently(path, id);
        Map<String, Object> metadata = getJson(readPath).getMap("metadata");
        System.out.printf("[concurrency] 8 clients x 10 merges into one %s: %d acknowledged, %d keys stored%n",
                what, written, metadata.size());
        assertEquals(written, metadata.size(), "every acknowledged key is stored");
    }

    /** Runs {@code n} tasks released at the same moment; rethrows the first failure. */
    private static void runAtOnce(int n, IndexedTask task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<Void> call = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            for (Future<Void> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface IndexedTask {
        Void run(int index) throws Exception;
    }
}
