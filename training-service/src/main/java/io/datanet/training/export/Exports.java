package io.datanet.training.export;

import io.datanet.training.export.ExportView;
import io.datanet.events.ExportCreated;
import io.datanet.platform.api.PageRequest;
import io.datanet.platform.api.PageResponse;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.concurrent.Offload;
import io.datanet.platform.outbox.Outbox;
import io.datanet.platform.problem.ProblemException;
import io.datanet.platform.api.Roles;
import io.datanet.training.Digests;
import io.datanet.training.JobSettings;
import io.datanet.training.dataset.DatanetOwner;
import io.datanet.training.dataset.DatasetSnapshot;
import io.datanet.training.dataset.SnapshotManifest;
import io.datanet.training.dataset.Snapshots;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Exports of a datanet's accepted data (owner and operators): a snapshot's records as a Hugging Face dataset
 * ({@link ExportLayout}, {@link DatasetCard}). The export's rows and its {@code export.created} event commit together.
 */
@ApplicationScoped
public class Exports {

    public static final String CARD = "README.md";

    @Inject
    Snapshots snapshots;
    @Inject
    BlobStore blobs;
    @Inject
    Outbox outbox;
    @Inject
    JobSettings settings;

    /**
     * A stored export with what its files are made from.
     *
     * @param withdrawnUploads uploads in it withdrawn or erased since: then none of its files is given out
     */
    public record Stored(DatasetExport export, List<ExportShard> shards, SnapshotManifest manifest,
                         long withdrawnUploads) {

        public byte[] card() {
            return export.card.getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Who asks, read from the token while the request is in scope: a download looks its export up on a context of
     * its own, where the request's token cannot be reached.
     */
    public record Caller(String id, boolean operator) {

        public static Caller of(JsonWebToken token) {
            return new Caller(token.getSubject(), token.getGroups().contains(Roles.OPERATOR));
        }
    }

    private record Source(DatanetOwner datanet, DatasetSnapshot snapshot, SnapshotManifest manifest) {
    }

    private record Prepared(DatasetExport export, List<ExportLayout.Shard> shards) {
    }

    /**
     * Exports the datanet's current snapshot, or the snapshot {@code snapshotDigest} of it (the data a job trained
     * on, say). 404 for an unknown datanet or snapshot, 403 unless the caller manages the datanet, 409 when it has
     * no accepted data or the snapshot holds an upload withdrawn since.
     */
    public Uni<ExportView> create(String datanetId, String snapshotDigest, Caller caller) {
        return Panache.withTransaction(() -> managed(datanetId, caller).chain(datanet -> snapshot(datanetId, snapshotDigest)
                        .chain(snapshot -> snapshots.manifest(snapshot.digest)
                                .map(manifest -> new Source(datanet, snapshot, manifest)))))
                // Reading every cleaned file is blocking I/O: off the event loop, outside any session.
                .chain(source -> Offload.blocking(() -> prepare(source, caller.id())))
                .chain(prepared -> Panache.withTransaction(() -> prepared.export().persist()
                                .chain(() -> Panache.getSession()).chain(session -> session.flush())
                                .chain(() -> ExportShard.persist(prepared.shards().stream()
                                        .map(s -> ExportShard.of(prepared.export().id, s)).toList()))
                                .chain(() -> outbox.add(prepared.export().id, event(prepared))))
                        .replaceWith(() -> view(prepared.export(), prepared.shards())));
    }

    /** The export, its shards and its snapshot's manifest; 404 unless it exists, 403 unless the caller manages its datanet. */
    public Uni<Stored> find(String exportId, Caller caller) {
        return DatasetExport.<DatasetExport>findById(exportId).chain(export -> {
            if (export == null) {
                throw ProblemException.notFound("export " + exportId);
            }
            return managed(export.datanetId, caller)
                    .chain(() -> ExportShard.<ExportShard>list("exportId", export.id))
                    .chain(shards -> snapshots.manifest(export.snapshotDigest)
                            .chain(manifest -> snapshots.withdrawnUploads(export.snapshotDigest)
                                    .map(withdrawn -> new Stored(export, shards, manifest, withdrawn))));
        });
    }

    /** A page of the datanet's exports, newest first. */
    public Uni<PageResponse<ExportView>> list(String datanetId, PageRequest request, Caller caller) {
        var query = DatasetExport.<DatasetExport>find("datanetId", Sort.descending("createdAt").and("id"), datanetId);
        return managed(datanetId, caller)
                .chain(() -> query.page(Page.of(request.page(), request.size())).list())
                .chain(exports -> (exports.isEmpty() ? Uni.createFrom().item(List.<ExportShard>of())
                        : ExportShard.<ExportShard>list("exportId in ?1", exports.stream().map(e -> e.id).toList()))
                        .chain(shards -> snapshots.withdrawnUploads(exports.stream().map(e -> e.snapshotDigest)
                                .distinct().toList()).chain(withdrawn -> query.count()
                                .map(total -> PageResponse.of(exports, request, total, e -> view(e,
                                        shards.stream().filter(s -> s.exportId.equals(e.id))
                                                .map(ExportShard::toShard).toList(),
                                        withdrawn.getOrDefault(e.snapshotDigest, 0L)))))));
    }

    /**
     * Refuses to give out an export holding an upload withdrawn since it was made: 410, for each of its files. The
     * export itself stays listed, saying so; a new export leaves the withdrawn records out.
     */
    public static void checkNotWithdrawn(Stored stored) {
        if (stored.withdrawnUploads() > 0) {
            throw new ProblemException(410, "export-withdrawn", "Gone", "export " + stored.export().id + " holds "
                    + stored.withdrawnUploads() + " upload(s) withdrawn by their contributors since it was made; "
                    + "its files are no longer given out. Make a new export: it leaves them out");
        }
    }

    public static ExportView view(Stored stored) {
        return view(stored.export(), stored.shards().stream().map(ExportShard::toShard).toList(),
                stored.withdrawnUploads());
    }

    private static ExportView view(DatasetExport export, List<ExportLayout.Shard> shards) {
        return view(export, shards, 0);
    }

    private static ExportView view(DatasetExport export, List<ExportLayout.Shard> shards, long withdrawnUploads) {
        List<ExportView.File> files = new ArrayList<>();
        for (ExportCreated.File f : files(export, shards)) {
            files.add(new ExportView.File(f.path(), f.bytes(), f.sha256(), f.records(),
                    "/api/exports/" + export.id + "/files/" + f.path()));
        }
        return new ExportView(export.id, export.datanetId, export.snapshotDigest, export.requestedBy, export.records,
                export.createdAt, withdrawnUploads, files);
    }

    /** The card first, then the shards by path. */
    private static List<ExportCreated.File> files(DatasetExport export, List<ExportLayout.Shard> shards) {
        byte[] card = export.card.getBytes(StandardCharsets.UTF_8);
        List<ExportCreated.File> files = new ArrayList<>();
        files.add(new ExportCreated.File(CARD, card.length, Digests.sha256(export.card), 0));
        shards.stream().sorted(Comparator.comparing(ExportLayout.Shard::path))
                .forEach(s -> files.add(new ExportCreated.File(s.path(), s.bytes(), s.sha256(), s.records())));
        return files;
    }

    private static ExportCreated event(Prepared prepared) {
        DatasetExport e = prepared.export();
        return new ExportCreated(e.id, e.datanetId, e.snapshotDigest, e.requestedBy, e.records,
                files(e, prepared.shards()), e.createdAt);
    }

    private Uni<DatanetOwner> managed(String datanetId, Caller caller) {
        return DatanetOwner.<DatanetOwner>findById(datanetId).map(datanet -> {
            if (datanet == null) {
                throw ProblemException.notFound("datanet " + datanetId);
            }
            if (!datanet.managedBy(caller.id(), caller.operator())) {
                throw ProblemException.forbidden("only the datanet's owner or an operator may export its data");
            }
            return datanet;
        });
    }

    private Uni<DatasetSnapshot> snapshot(String datanetId, String digest) {
        Uni<DatasetSnapshot> snapshot = digest == null ? snapshots.current(datanetId)
                : DatasetSnapshot.<DatasetSnapshot>findById(digest).map(found -> {
                    if (found == null || !found.datanetId.equals(datanetId)) {
                        throw ProblemException.notFound("snapshot " + digest + " of datanet " + datanetId);
                    }
                    return found;
                });
        return snapshot.chain(found -> {
            if (found == null) {
                throw ProblemException.conflict("no-accepted-data", "datanet " + datanetId
                        + " has no accepted data to export yet");
            }
            return snapshots.withdrawnUploads(found.digest).map(withdrawn -> {
                if (withdrawn > 0) {
                    throw ProblemException.conflict("snapshot-withdrawn", "snapshot " + found.digest + " holds "
                            + withdrawn + " upload(s) withdrawn by their contributors since it was made; export the "
                            + "datanet's current data instead");
                }
                return found;
            });
        });
    }

    private Prepared prepare(Source source, String requestedBy) throws IOException {
        List<ExportLayout.Shard> shards = ExportLayout.plan(source.manifest(), blobs, settings.export().shardBytes());
        DatasetExport export = new DatasetExport();
        export.id = UUID.randomUUID().toString();
        export.datanetId = source.datanet().id;
        export.snapshotDigest = source.snapshot().digest;
        export.requestedBy = requestedBy;
        export.records = shards.stream().mapToLong(ExportLayout.Shard::records).sum();
        export.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        DatanetOwner d = source.datanet();
        export.card = DatasetCard.render(new DatasetCard.Datanet(d.id, d.name, d.description, d.license, d.tagList()),
                export.id, requestedBy, export.createdAt, export.snapshotDigest, source.manifest(), shards);
        return new Prepared(export, shards);
    }
}
