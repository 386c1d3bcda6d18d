package io.datanet.validation.store;

import io.datanet.events.ReviewMode;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** What validation needs to know of a datanet: its owner, review mode and acceptance threshold. */
@Entity
@Table(name = "datanet_settings")
public class DatanetSettings extends PanacheEntityBase {
    /** Used for uploads whose datanet definition has not arrived (yet). */
    public static final double DEFAULT_THRESHOLD = 0.8;

    @Id
    @Column(name = "datanet_id")
    public String datanetId;
    @Column(name = "owner_id", nullable = false)
    public String ownerId;
    @Enumerated(EnumType.STRING)
    @Column(name = "review_mode", nullable = false)
    public ReviewMode reviewMode;
    @Column(name = "acceptance_threshold", nullable = false)
    public double acceptanceThreshold;
    @Column(name = "defined_at", nullable = false)
    public Instant definedAt;
}
