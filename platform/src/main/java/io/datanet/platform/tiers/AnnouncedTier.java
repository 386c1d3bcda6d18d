package io.datanet.platform.tiers;

import io.datanet.events.Tier;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/**
 * The reputation tier reputation-service last announced for a contributor, as a service that scales its limits by
 * tier keeps it (upload-service's quotas, training-service's compute budget). Each such service maps it to its own
 * {@code contributor_tier} table with an entity of its own, and keeps it with {@link AnnouncedTiers#keepNewest} (SQL on that table name).
 */
@MappedSuperclass
public abstract class AnnouncedTier extends PanacheEntityBase {
    @Id
    @Column(name = "contributor_id")
    public String contributorId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Tier tier;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
