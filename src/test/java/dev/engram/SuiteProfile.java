package dev.engram;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Base of the suite's test profiles: a profile changes configuration keys but keeps the config
 * profile the suite runs under ({@code test} on H2, {@code pg} on PostgreSQL), so every class
 * also runs against the database the suite was started for.
 */
public abstract class SuiteProfile implements QuarkusTestProfile {

    @Override
    public String getConfigProfile() {
        return System.getProperty("quarkus.test.profile", "test");
    }
}
