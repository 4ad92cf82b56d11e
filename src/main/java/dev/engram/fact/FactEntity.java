package dev.engram.fact;

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

/** A fact about a user, learnt in one of the user's sessions. */
@Entity
@Table(name = "facts")
public class FactEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public UUID uuid;

    @Column(name = "user_pk")
    public Long userPk;

    @Column(name = "session_pk")
    public Long sessionPk;

    public String content;

    public String name;

    public Double rating;

    @Column(name = "valid_at")
    public OffsetDateTime validAt;

    @Column(name = "invalid_at")
    public OffsetDateTime invalidAt;

    @Column(name = "expired_at")
    public OffsetDateTime expiredAt;

    @Column(name = "source_node_name")
    public String sourceNodeName;

    @Column(name = "target_node_name")
    public String targetNodeName;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    /** Unit vector of {@link #content}; null until embedded. */
    @Basic(fetch = FetchType.LAZY)
    public byte[] embedding;

    @Column(name = "embedding_model")
    public String embeddingModel;

    /** The message this fact was derived from; null for facts added through the API. */
    @Column(name = "source_message_uuid")
    public UUID sourceMessageUuid;
}
