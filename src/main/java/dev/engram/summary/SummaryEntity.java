package dev.engram.summary;

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

/** A progressive summary of a session's older messages. */
@Entity
@Table(name = "summaries")
public class SummaryEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public UUID uuid;

    @Column(name = "session_pk")
    public Long sessionPk;

    public String content;

    @Column(name = "token_count")
    public int tokenCount;

    /** JSON object as text. */
    public String metadata;

    /** JSON array of message UUIDs as text. */
    @Column(name = "related_message_uuids")
    public String relatedMessageUuids;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    /** Unit vector of {@link #content}; null until embedded. */
    @Basic(fetch = FetchType.LAZY)
    public byte[] embedding;

    @Column(name = "embedding_model")
    public String embeddingModel;

    /** Internal id of the newest message folded into this summary. */
    @Column(name = "last_message_pk")
    public Long lastMessagePk;
}
