package io.datanet.validation.report;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/**
 * The most recent text a contributor has had pass in a datanet (at most {@code NewInformation.PRIOR_BYTES}): what
 * the next upload's new information is measured after. A contributor's uploads are judged in order (the
 * uploads.received topic is keyed by contributor), so one row is read and written by one judge at a time.
 */
@Entity
@Table(name = "prior_text")
@IdClass(PriorText.Key.class)
public class PriorText extends PanacheEntityBase {

    @Id
    @Column(name = "datanet_id")
    public String datanetId;
    @Id
    @Column(name = "contributor_id")
    public String contributorId;
    @Column(nullable = false)
    public byte[] tail;

    public record Key(String datanetId, String contributorId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
