package dev.engram.mock;

import java.util.Map;

/**
 * Mock mode with the test fixtures. Keeps the suite's config profile ({@code test}, or {@code pg}
 * for the PostgreSQL run) so mock mode is tested on both databases.
 */
public class MockProfile extends dev.engram.SuiteProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("engram.mock.enabled", "true", "engram.jobs.inline", "true",
                "engram.mock.fixtures", "src/test/resources/mock-fixtures.yaml");
    }
}
