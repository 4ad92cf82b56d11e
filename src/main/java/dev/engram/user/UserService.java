package dev.engram.user;

import dev.engram.index.IndexChanges;

import dev.engram.common.ApiException;
import dev.engram.common.Clock;
import dev.engram.fact.FactEnrichJob;
import dev.engram.job.JobQueue;
import dev.engram.common.EngramConfig;
import dev.engram.common.Ids;
import dev.engram.common.TransientFailure;
import dev.engram.common.JsonText;
import dev.engram.common.Metadata;
import dev.engram.common.Page;
import dev.engram.common.PageRequest;
import dev.engram.common.UuidSource;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** Users: creation, updates, listing and deletion (which takes the user's sessions along). */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);

    /** What a caller may set on a user; {@code null} fields are left as they are. */
    public record UserChanges(String email, String firstName, String lastName,
                              Map<String, Object> metadata, Object factRatingInstruction) {
    }

    private final Clock clock;
    private final UuidSource uuids;
    private final EngramConfig config;
    private final JobQueue jobs;

    private final IndexChanges indexChanges;

    public UserService(Clock clock, UuidSource uuids, EngramConfig config, JobQueue jobs, IndexChanges indexChanges) {
        this.indexChanges = indexChanges;
        this.clock = clock;
        this.uuids = uuids;
        this.config = config;
        this.jobs = jobs;
    }

    @Transactional
    public UserEntity create(String userId, UserChanges fields) {
        Ids.requireValid("user_id", userId);
        if (UserEntity.findByUserId(userId).isPresent()) {
            throw ApiException.badRequest("user already exists with user_id: " + userId);
        }
        UserEntity user = new UserEntity();
        user.uuid = uuids.next();
        user.userId = userId;
        user.email = blankToNull(fields.email());
        user.firstName = blankToNull(fields.firstName());
        user.lastName = blankToNull(fields.lastName());
        user.metadata = JsonText.write(Metadata.fromCaller(fields.metadata()));
        user.factRatingInstruction = JsonText.write(fields.factRatingInstruction());
        user.createdAt = clock.now();
        user.updatedAt = user.createdAt;
        try {
            user.persistAndFlush();
        } catch (org.hibernate.exception.ConstraintViolationException race) {
            // Created by a concurrent request between the check above and this insert.
            throw ApiException.badRequest("user already exists with user_id: " + userId);
        }
        LOG.debugf("created user %s", userId);
        return user;
    }

    public UserEntity get(String userId) {
        return UserEntity.findByUserId(userId).orElseThrow(() -> ApiException.notFound("user " + userId));
    }

    @Transactional
    public UserEntity update(String userId, UserChanges changes) {
        UserEntity user = UserEntity.findByUserIdForUpdate(userId).orElseThrow(() -> ApiException.notFound("user " + userId));
        if (notBlank(changes.email())) {
            user.email = changes.email();
        }
        if (notBlank(changes.firstName())) {
            user.firstName = changes.firstName();
        }
        if (notBlank(changes.lastName())) {
            user.lastName = changes.lastName();
        }
        Map<String, Object> merged = Metadata.merge(JsonText.readMap(user.metadata), changes.metadata());
        user.metadata = JsonText.write(merged);
        if (changes.factRatingInstruction() != null) {
            String instruction = JsonText.write(changes.factRatingInstruction());
            if (!instruction.equals(user.factRatingInstruction)) {
                user.factRatingInstruction = instruction;
                // Ratings follow the instruction: the user's facts are rated again in the background.
                FactEnrichJob.enqueueRerate(jobs, user.id, null);
            }
        }
        user.updatedAt = clock.now();
        return user;
    }

    /**
     * Deletes the user; the database cascades to its sessions, their messages, facts and
     * summaries. The cascade may deadlock with a background job on the same rows; it is then run
     * again.
     */
    public void delete(String userId) {
        TransientFailure.retried(() -> {
            UserEntity user = get(userId);
            user.delete();
            indexChanges.userDeleted(user.id);
        });
        LOG.debugf("deleted user %s", userId);
    }

    public Page<UserEntity> list(Integer pageNumber, Integer pageSize) {
        PageRequest page = PageRequest.of(pageNumber, pageSize, config.limits().maxPageSize());
        List<UserEntity> users = UserEntity.findAll(Sort.descending("id"))
                .range(page.offset(), page.lastIndex()).list();
        return new Page<>(users, UserEntity.count());
    }

    /** Number of sessions of each given user, by the user's internal id. */
    public Map<Long, Long> sessionCounts(List<UserEntity> users) {
        if (users.isEmpty()) {
            return Map.of();
        }
        List<Object[]> rows = UserEntity.getEntityManager().createQuery(
                "select s.user.id, count(s) from SessionEntity s where s.user in :users group by s.user.id",
                Object[].class).setParameter("users", users).getResultList();
        Map<Long, Long> counts = new java.util.HashMap<>();
        for (Object[] row : rows) {
            counts.put((Long) row[0], (Long) row[1]);
        }
        return counts;
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isEmpty();
    }

    private static String blankToNull(String value) {
        return notBlank(value) ? value : null;
    }
}
