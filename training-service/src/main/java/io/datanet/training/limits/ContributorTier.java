package io.datanet.training.limits;

import io.datanet.platform.tiers.AnnouncedTier;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The reputation tier reputation-service last announced for a contributor; it scales their compute budget. */
@Entity
@Table(name = "contributor_tier")
public class ContributorTier extends AnnouncedTier {
}
