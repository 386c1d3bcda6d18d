package io.datanet.validation.dedup;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** How many times a datanet's active duplicate index has changed (V12__index_versions.sql says why). */
@Entity
@Table(name = "datanet_index_version")
public class IndexVersion extends PanacheEntityBase {
    @Id
    @Column(name = "datanet_id")
    public String datanetId;
    @Column(nullable = false)
    public long version;
}
