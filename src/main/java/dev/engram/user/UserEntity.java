package dev.engram.user;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

@Entity
@Table(name = "users")
public class UserEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public UUID uuid;

    @Column(name = "user_id")
    public String userId;

    public String email;

    @Column(name = "first_name")
    public String firstName;

    @Column(name = "last_name")
    public String lastName;

    /** JSON object as text. */
    public String metadata;

    /** JSON {@code FactRatingInstruction} as text. */
    @Column(name = "fact_rating_instruction")
    public String factRatingInstruction;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public static Optional<UserEntity> findByUserId(String userId) {
        return find("userId", userId).firstResultOptional();
    }

    /**
     * The user, its row locked until the transaction ends, so that concurrent read-modify-writes
     * (metadata merges) follow one another instead of overwriting each other.
     */
    public static Optional<UserEntity> findByUserIdForUpdate(String userId) {
        return find("userId", userId).withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }
}
