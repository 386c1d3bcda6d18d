package io.datanet.training.dataset;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A datanet's owner as its latest definition names them: the owner may start and cancel its jobs. */
@Entity
@Table(name = "datanet")
public class DatanetOwner extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "owner_id", nullable = false)
    public String ownerId;
    @Column(nullable = false)
    public String name;
    @Column(name = "defined_at", nullable = false)
    public Instant definedAt;
}
