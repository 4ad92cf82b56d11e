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
    private volatile UUID projectUuid;

    public Installation(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("Engram project %s", projectUuid());
    }

    public UUID projectUuid() {
        UUID known = projectUuid;
        if (known == null) {
            known = QuarkusTransaction.requiringNew().call(this::readOrCreate);
            projectUuid = known;
        }
        return known;
    }

    private UUID readOrCreate() {
        List<?> rows = em.createNativeQuery(SELECT_PROJECT_UUID).getResultList();
        if (!rows.isEmpty()) {
            return asUuid(rows.get(0));
        }
        UUID fresh = UUID.randomUUID();
        try {
            em.createNativeQuery("INSERT INTO installation (id, project_uuid, created_at) VALUES (1, ?1, ?2)")
                    .setParameter(1, fresh).setParameter(2, clock.now()).executeUpdate();
            return fresh;
        } catch (RuntimeException raced) {
            // Another replica created the row first; its value wins.
            return QuarkusTransaction.requiringNew().call(() -> asUuid(em
                    .createNativeQuery(SELECT_PROJECT_UUID).getSingleResult()));
        }
    }

    private static UUID asUuid(Object value) {
        return value instanceof UUID uuid ? uuid : UUID.fromString(value.toString().trim());
    }
}
