package dev.engram.job;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A unit of background work, stored so that it survives restarts and is shared by replicas. */
@Entity
@Table(name = "jobs")
public class JobEntity extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    /** Failed too often; kept with its error for an operator, never retried automatically. */
    public static final String PARKED = "parked";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String kind;

    @Column(name = "session_pk")
    public Long sessionPk;

    /** JSON, shaped by the job's kind. */
    public String payload;

    public String status;

    public int attempts;

    @Column(name = "run_after")
    public OffsetDateTime runAfter;

    @Column(name = "lease_until")
    public OffsetDateTime leaseUntil;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
