package io.datanet.validation.store;

import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** One decision on an upload. */
@Entity
@Table(name = "verdict_history")
@IdClass(VerdictHistory.Key.class)
public class VerdictHistory extends PanacheEntityBase {
    public record Key(String uploadId, int version) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    @Id
    @Column(name = "upload_id")
    public String uploadId;
    @Id
    public int version;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Verdict verdict;
    @Enumerated(EnumType.STRING)
    @Column(name = "decided_by", nullable = false)
    public VerdictSource decidedBy;
    @Column(name = "reviewer_id")
    public String reviewerId;
    public String comment;
    @Column(name = "decided_at", nullable = false)
    public Instant decidedAt;
}
