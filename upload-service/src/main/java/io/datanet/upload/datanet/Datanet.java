package io.datanet.upload.datanet;

import io.datanet.events.DatanetDefined;
import io.datanet.events.ReviewMode;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A domain dataset people contribute to, owned by the user who created it. */
@Entity
@Table(name = "datanet")
public class Datanet extends PanacheEntityBase {

    @Id
    public String id;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String description;
    @Column(name = "owner_id", nullable = false)
    public String ownerId;
    @Convert(converter = CommaSeparatedList.class)
    @Column(nullable = false)
    public List<String> tags;
    @Convert(converter = CommaSeparatedList.class)
    @Column(name = "file_types", nullable = false)
    public List<String> fileTypes;
    @Enumerated(EnumType.STRING)
    @Column(name = "review_mode", nullable = false)
    public ReviewMode reviewMode;
    @Column(name = "acceptance_threshold", nullable = false)
    public double acceptanceThreshold;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public DatanetDefined toEvent() {
        return new DatanetDefined(id, name, description, ownerId, tags, fileTypes, reviewMode, acceptanceThreshold,
                createdAt);
    }
}
