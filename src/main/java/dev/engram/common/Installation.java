package dev.engram.common;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The installation's identity: one {@code project_uuid}, created on the first start and kept in
 * the database, so every replica on the same database reports the same value.
 */
@ApplicationScoped
public class Installation {

    private static final Logger LOG = Logger.getLogger(Installation.class);

    /**
     * Read as text: H2's JDBC driver hands a native UUID column back as {@code byte[]}, PostgreSQL's
     * as {@link UUID}; the canonical string form is the same on both.
     */
    private static final String SELECT_PROJECT_UUID =
            "SELECT CAST(project_uuid AS VARCHAR(36)) FROM installation WHERE id = 1";

    private final EntityManager em;
    private final Clock clock;
    private final UuidSource uuids;
    private volatile UUID projectUuid;
    private volatile boolean createdByThisProcess;

    public Installation(EntityManager em, Clock clock, UuidSource uuids) {
        this.em = em;
        this.clock = clock;
        this.uuids = uuids;
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("Engram project %s", projectUuid());
    }

    public UUID projectUuid() {
        UUID known = projectUuid;
        if (known == null) {
            known = QuarkusTransaction.requiringNew().call(this::read);
            if (known == null) {
                UUID fresh = uuids.next();
                try {
                    QuarkusTransaction.requiringNew().run(() -> em
                            .createNativeQuery("INSERT INTO installation (id, project_uuid, created_at) VALUES (1, ?1, ?2)")
                            .setParameter(1, fresh).setParameter(2, clock.now()).executeUpdate());
                    known = fresh;
                    createdByThisProcess = true;
                } catch (RuntimeException raced) {
                    // Another replica created the row first; its value wins.
                    known = QuarkusTransaction.requiringNew().call(this::read);
                }
            }
            projectUuid = known;
        }
        return known;
    }

    /**
     * Whether this process created the installation: the database was new at this start and
     * holds no records from before it (mock mode's in-memory database always is).
     */
    public boolean createdByThisProcess() {
        projectUuid();
        return createdByThisProcess;
    }

    /**
     * Replaces the installation's project UUID (mock mode's deterministic switch derives it from
     * the seed, so snapshots do not depend on when the database was created).
     */
    public void useProjectUuid(UUID uuid) {
        projectUuid(); // makes sure the row exists
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("UPDATE installation SET project_uuid = ?1 WHERE id = 1")
                    .setParameter(1, uuid).executeUpdate();
        });
        projectUuid = uuid;
    }

    private UUID read() {
        List<?> rows = em.createNativeQuery(SELECT_PROJECT_UUID).getResultList();
        return rows.isEmpty() ? null : asUuid(rows.get(0));
    }

    private static UUID asUuid(Object value) {
        return value instanceof UUID uuid ? uuid : UUID.fromString(value.toString().trim());
    }
}
