package dev.engram.mock;

import dev.engram.common.ApiException;
import dev.engram.common.EngramConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Starting mock mode and resetting it between tests. */
@ApplicationScoped
public class MockControl {

    private static final Logger LOG = Logger.getLogger(MockControl.class);

    public record ResetResult(boolean fixturesLoaded, DataReset.Counts counts) {
    }

    private final boolean enabled;
    private final DataReset data;
    private final Fixtures fixtures;
    private final Journal journal;
    private final FaultRules faults;
    private final Determinism determinism;

    public MockControl(EngramConfig config, DataReset data, Fixtures fixtures, Journal journal, FaultRules faults,
                       Determinism determinism) {
        this.enabled = config.mock().enabled();
        this.data = data;
        this.fixtures = fixtures;
        this.journal = journal;
        this.faults = faults;
        this.determinism = determinism;
    }

    /** After the installation row exists (default observer priority 2500). */
    void onStart(@Observes @Priority(3000) StartupEvent event) {
        if (!enabled) {
            return;
        }
        // A mock starts clean (its in-memory database is normally new anyway) plus the fixtures.
        ResetResult start = reset(true);
        boolean loaded = start.fixturesLoaded();
        DataReset.Counts counts = start.counts();
        LOG.infof("Mock mode: /admin test controls, request journal and Prefer fault injection are on; "
                        + "deterministic=%s; fixtures=%s (%d users, %d sessions, %d messages, %d facts)",
                determinism.settings().enabled(), loaded ? fixtures.file().get() : "none",
                counts.users(), counts.sessions(), counts.messages(), counts.facts());
    }

    /**
     * Deletes all data, empties the journal, drops the fault rules, restarts the deterministic
     * sequences, then loads the fixtures again when asked (and configured).
     */
    public synchronized ResetResult reset(boolean loadFixtures) {
        data.deleteAll();
        journal.clear();
        faults.clear();
        determinism.restart();
        boolean loaded;
        try {
            loaded = loadFixtures && fixtures.load();
        } catch (IllegalStateException e) {
            throw new ApiException(500, e.getMessage());
        }
        return new ResetResult(loaded, data.counts());
    }
}
