package io.datanet.validation.dedup;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** One LSH bucket membership of a fingerprint. */
@Entity
@Table(name = "lsh_band")
public class LshBand extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "bands")
    @SequenceGenerator(name = "bands", sequenceName = "lsh_band_seq", allocationSize = 50)
    public Long id;
    @Column(name = "datanet_id", nullable = false)
    public String datanetId;
    @Column(name = "band_key", nullable = false)
    public long bandKey;
    @Column(name = "fingerprint_id", nullable = false)
    public long fingerprintId;
}
