package io.datanet.training.export;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A record shard of an export, as {@link ExportLayout#plan} fixed it: where it starts, its size and digest. */
@Entity
@Table(name = "export_shard")
@IdClass(ExportShard.Key.class)
public class ExportShard extends PanacheEntityBase {

    @Id
    @Column(name = "export_id")
    public String exportId;
    @Id
    public String path;
    @Column(nullable = false)
    public String config;
    @Column(name = "start_upload", nullable = false)
    public int startUpload;
    @Column(name = "start_record", nullable = false)
    public int startRecord;
    @Column(nullable = false)
    public long records;
    @Column(nullable = false)
    public long bytes;
    @Column(nullable = false)
    public String sha256;

    static ExportShard of(String exportId, ExportLayout.Shard shard) {
        ExportShard row = new ExportShard();
        row.exportId = exportId;
        row.path = shard.path();
        row.config = shard.config().id();
        row.startUpload = shard.startUpload();
        row.startRecord = shard.startRecord();
        row.records = shard.records();
        row.bytes = shard.bytes();
        row.sha256 = shard.sha256();
        return row;
    }

    public ExportLayout.Shard toShard() {
        return new ExportLayout.Shard(ExportLayout.Config.of(config), path, startUpload, startRecord, records, bytes,
                sha256);
    }

    public static class Key implements Serializable {
        public String exportId;
        public String path;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(exportId, k.exportId) && Objects.equals(path, k.path);
        }

        @Override
        public int hashCode() {
            return Objects.hash(exportId, path);
        }
    }
}
