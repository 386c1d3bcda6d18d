package io.datanet.training.dataset;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.datanet.platform.api.Roles;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A datanet as its latest definition names it: its owner may start and cancel its jobs and export its data; the
 * description, licence and tags go on an export's dataset card.
 */
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
    @Column(nullable = false)
    public String description = "";
    /** A Hugging Face licence identifier; {@code unknown} when the owner named none. */
    @Column(nullable = false)
    public String license = "unknown";
    /** Comma-separated (a tag is a-z, 0-9 and '-'). */
    @Column(nullable = false)
    public String tags = "";

    /** Whether {@code caller} manages this datanet (starts its jobs, exports its data): its owner, or an operator. */
    public boolean managedBy(JsonWebToken caller) {
        return managedBy(caller.getSubject(), caller.getGroups().contains(Roles.OPERATOR));
    }

    public boolean managedBy(String userId, boolean operator) {
        return operator || ownerId.equals(userId);
    }

    public List<String> tagList() {
        return tags.isEmpty() ? List.of() : List.of(tags.split(","));
    }
}
