package dev.engram.session;

import dev.engram.user.UserEntity;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

@Entity
@Table(name = "sessions")
public class SessionEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public UUID uuid;

    @Column(name = "session_id")
    public String sessionId;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "user_pk")
    public UserEntity user;

    /** JSON object as text. */
    public String metadata;

    /** JSON object (classifier name → class) as text. */
    public String classifications;

    /** JSON {@code FactRatingInstruction} as text. */
    @Column(name = "fact_rating_instruction")
    public String factRatingInstruction;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Column(name = "ended_at")
    public OffsetDateTime endedAt;

    public boolean isEnded() {
        return endedAt != null;
    }

    public static Optional<SessionEntity> findBySessionId(String sessionId) {
        // The user in the same query (an eager association is otherwise a second one).
        return find("from SessionEntity s join fetch s.user where s.sessionId = ?1", sessionId).firstResultOptional();
    }
}
