package io.datanet.training.limits;

import io.datanet.events.Tier;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The reputation tier reputation-service last announced for a contributor; it scales their compute budget. */
@Entity
@Table(name = "contributor_tier")
public class ContributorTier extends PanacheEntityBase {
    @Id
    @Column(name = "contributor_id")
    public String contributorId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Tier tier;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
