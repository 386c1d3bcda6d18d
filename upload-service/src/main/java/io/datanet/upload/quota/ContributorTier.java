package io.datanet.upload.quota;

import io.datanet.platform.tiers.AnnouncedTier;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The reputation tier reputation-service last announced for a contributor. */
@Entity
@Table(name = "contributor_tier")
public class ContributorTier extends AnnouncedTier {
}
