package io.datanet.upload.datanet;

import io.datanet.events.DatanetJson;
import com.fasterxml.jackson.core.type.TypeReference;
import io.datanet.events.DatanetDefined;
import io.datanet.events.ReviewMode;
import io.datanet.platform.db.Sql;
import io.datanet.platform.api.Roles;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

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
    /** The datanet's own validation thresholds as a JSON object of numbers by name; {@code {}} for none. */
    @Column(name = "validation_thresholds", nullable = false)
    public String validationThresholdsJson = "{}";
    /** 1 as created, one more for each change of the definition (an edit, archiving). */
    @Column(nullable = false)
    public int version = 1;
    /** When the current version was made. */
    @Column(name = "defined_at", nullable = false)
    public Instant definedAt;
    /** When the datanet was archived (no more uploads; data and history stay), null while it is open. */
    @Column(name = "archived_at")
    public Instant archivedAt;
    /** A Hugging Face licence identifier ({@link Licenses}). */
    @Column(nullable = false)
    public String license = Licenses.UNKNOWN;

    /** Takes the definition's fields from a checked request ({@link CreateDatanetRequest#validated}). */
    public void define(CreateDatanetRequest request) {
        name = request.name();
        description = request.description();
        tags = request.tags();
        fileTypes = request.fileTypes();
        reviewMode = request.reviewMode();
        acceptanceThreshold = request.acceptanceThreshold();
        validationThresholds(request.validation());
        license = request.license();
    }

    private static final TypeReference<Map<String, Double>> THRESHOLDS = new TypeReference<>() { };

    public Map<String, Double> validationThresholds() {
        return DatanetJson.read(validationThresholdsJson, THRESHOLDS);
    }

    public void validationThresholds(Map<String, Double> thresholds) {
        validationThresholdsJson = DatanetJson.write(thresholds);
    }

    /**
     * The datanet by id with the SQL client, or null (the upload request's lookup: it takes no Hibernate Reactive
     * session, which would hold a second connection of the pool while the request's checks take theirs).
     */
    public static Uni<Datanet> read(Sql sql, String id) {
        return sql.first("SELECT id, name, description, owner_id, tags, file_types, review_mode, acceptance_threshold, "
                + "created_at, validation_thresholds, version, defined_at, archived_at, license FROM datanet WHERE id = ?1",
                        id)
                .map(row -> {
                    if (row == null) {
                        return null;
                    }
                    CommaSeparatedList list = new CommaSeparatedList();
                    Datanet datanet = new Datanet();
                    datanet.id = (String) row[0];
                    datanet.name = (String) row[1];
                    datanet.description = (String) row[2];
                    datanet.ownerId = (String) row[3];
                    datanet.tags = list.convertToEntityAttribute((String) row[4]);
                    datanet.fileTypes = list.convertToEntityAttribute((String) row[5]);
                    datanet.reviewMode = ReviewMode.valueOf((String) row[6]);
                    datanet.acceptanceThreshold = ((Number) row[7]).doubleValue();
                    datanet.createdAt = ((OffsetDateTime) row[8]).toInstant();
                    datanet.validationThresholdsJson = (String) row[9];
                    datanet.version = ((Number) row[10]).intValue();
                    datanet.definedAt = ((OffsetDateTime) row[11]).toInstant();
                    datanet.archivedAt = row[12] == null ? null : ((OffsetDateTime) row[12]).toInstant();
                    datanet.license = (String) row[13];
                    return datanet;
                });
    }

    /** Writes this datanet's definition over the stored one (the caller holds the datanet's lock). */
    public Uni<Void> update(Sql sql) {
        CommaSeparatedList list = new CommaSeparatedList();
        return sql.update("UPDATE datanet SET name = ?2, description = ?3, tags = ?4, file_types = ?5, review_mode = ?6, "
                        + "acceptance_threshold = ?7, validation_thresholds = ?8, version = ?9, defined_at = ?10, "
                        + "archived_at = ?11, license = ?12 WHERE id = ?1", id, name, description,
                list.convertToDatabaseColumn(tags), list.convertToDatabaseColumn(fileTypes), reviewMode,
                acceptanceThreshold, validationThresholdsJson, version, definedAt, archivedAt, license).replaceWithVoid();
    }

    public boolean archived() {
        return archivedAt != null;
    }

    /** Whether {@code caller} manages this datanet (changes it, lists its uploads): its owner, or an operator. */
    public boolean managedBy(JsonWebToken caller) {
        return ownerId.equals(caller.getSubject()) || caller.getGroups().contains(Roles.OPERATOR);
    }

    public DatanetDefined toEvent() {
        return new DatanetDefined(id, name, description, ownerId, tags, fileTypes, reviewMode, acceptanceThreshold,
                definedAt, validationThresholds(), version, archivedAt, license);
    }
}
