package dev.engram.message;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.FetchType;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A stored message. {@code @DynamicUpdate}: the background pipeline (vector, {@code processed})
 * and API calls (metadata) change different columns of the same row concurrently; writing only
 * the changed columns keeps a late writer from restoring the other's stale values.
 */
@Entity
@DynamicUpdate
@Table(name = "messages")
public class MessageEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public UUID uuid;

    /** Internal id of the owning session; messages are always read through their session. */
    @Column(name = "session_pk")
    public Long sessionPk;

    public String role;

    /** One of the {@code RoleType} wire values. */
    @Column(name = "role_type")
    public String roleType;

    public String content;

    /** JSON object as text. */
    public String metadata;

    @Column(name = "token_count")
    public int tokenCount;

    public boolean processed;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    /** Unit vector of {@link #content} (see {@code Vectors}); loaded only when asked for. */
    @Basic(fetch = FetchType.LAZY)
    public byte[] embedding;

    @Column(name = "embedding_model")
    public String embeddingModel;

    public Turn toTurn() {
        return new Turn(uuid, role, roleType, content, createdAt);
    }
}
