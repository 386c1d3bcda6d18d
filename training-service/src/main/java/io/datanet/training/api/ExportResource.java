package io.datanet.training.api;

import io.datanet.events.DatanetJson;
import io.datanet.training.export.ExportView;
import io.datanet.training.export.ExportLayout;
import io.datanet.training.export.ExportShard;
import io.datanet.training.export.Exports;
import io.datanet.platform.api.ByteRange;
import io.datanet.platform.api.PageResponse;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.problem.ProblemException;
import io.datanet.training.Digests;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.Authenticated;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import jakarta.ws.rs.BeanParam;
import io.datanet.platform.api.PageParameters;

/**
 * Exports of a datanet's accepted data as a Hugging Face dataset, for its owner and operators. A file downloads
 * streamed, and resumes where a broken download stopped: {@code Range} (one range), {@code If-Range} and the
 * file's SHA-256 as its {@code ETag}.
 */
@Path("/api")
@Authenticated
public class ExportResource {

    private static final Logger LOG = Logger.getLogger(ExportResource.class);
    private static final java.util.regex.Pattern SNAPSHOT_DIGEST = java.util.regex.Pattern.compile("sha256:[0-9a-f]{64}");

    @Inject
    JsonWebToken caller;
    @Inject
    Exports exports;
    @Inject
    BlobStore blobs;

    /** Optional body of an export request: the snapshot to export; the datanet's current data when absent. */
    public record ExportRequest(String snapshotDigest) {
    }

    /**
     * Exports the datanet's current data, or the snapshot a JSON body names ({@code {"snapshotDigest": "sha256:..."}}).
     * The body is optional, so it is read whatever its declared type (a bare POST sends none, or text/plain).
     */
    @POST
    @Path("/datanets/{id}/exports")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "createExport", summary = "Export the datanet's data, or one of its snapshots, as files")
    @APIResponse(responseCode = "201", description = "exported (Location: the export)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExportView.class)))
    @APIResponse(responseCode = "400", description = "a body that is not an export request")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not the datanet's owner or an operator")
    @APIResponse(responseCode = "404", description = "no such datanet, or no such snapshot of it")
    @APIResponse(responseCode = "409", description = "no accepted data yet, or the snapshot holds withdrawn uploads")
    @APIResponse(responseCode = "422", description = "a snapshotDigest that is not sha256:<64 hex digits> (the problem's `field`)")
    public Uni<Response> create(@PathParam("id") String datanetId, String body) {
        ExportRequest request;
        try {
            request = body == null || body.isBlank() ? null : DatanetJson.mapper().readValue(body, ExportRequest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ProblemException.badRequest("the body is not an export request: " + e.getOriginalMessage());
        }
        String snapshot = request == null || request.snapshotDigest() == null ? null : request.snapshotDigest();
        if (snapshot != null && !SNAPSHOT_DIGEST.matcher(snapshot).matches()) {
            throw ProblemException.unprocessable("snapshotDigest names a snapshot as sha256:<64 hex digits>")
                    .with("field", "snapshotDigest");
        }
        return exports.create(datanetId, snapshot, Exports.Caller.of(caller))
                .map(view -> Response.created(URI.create("/api/exports/" + view.id())).entity(view).build());
    }

    @GET
    @Path("/datanets/{id}/exports")
    @WithSession
    @Operation(operationId = "listExports", summary = "The datanet's exports, newest first")
    @APIResponse(responseCode = "200", description = "one page of exports")
    @APIResponse(responseCode = "400", description = "page or size out of bounds (the problem's `parameter` names it)")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not the datanet's owner or an operator")
    @APIResponse(responseCode = "404", description = "no such datanet")
    public Uni<PageResponse<ExportView>> list(@PathParam("id") String datanetId,
            @BeanParam PageParameters paging) {
        return exports.list(datanetId, paging.request(), Exports.Caller.of(caller));
    }

    @GET
    @Path("/exports/{id}")
    @WithSession
    @Operation(operationId = "getExport", summary = "An export: its snapshot, files and their digests")
    @APIResponse(responseCode = "200", description = "the export")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not the datanet's owner or an operator")
    @APIResponse(responseCode = "404", description = "no such export, or its datanet is gone")
    public Uni<ExportView> get(@PathParam("id") String id) {
        return exports.find(id, Exports.Caller.of(caller)).map(Exports::view);
    }

    /**
     * One file of the export: {@code README.md} (the dataset card) or a shard. Blocking: the shard is written from the
     * snapshot's cleaned files as it is sent, and the response stream holds the writer back while the client reads.
     * 410 once an upload in the export has been withdrawn or erased: its records are no longer given out.
     */
    @GET
    @Path("/exports/{id}/files/{path: .+}")
    @Blocking
    @Operation(operationId = "getExportFile", summary = "One file of an export: the dataset card or a shard (Range)")
    @APIResponse(responseCode = "200", description = "the whole file", content = {
            @Content(mediaType = "application/jsonl", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "text/markdown", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "206", description = "the range asked for", content = {
            @Content(mediaType = "application/jsonl", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "text/markdown", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not the datanet's owner or an operator")
    @APIResponse(responseCode = "404", description = "no such export, or no such file in it")
    @APIResponse(responseCode = "410", description = "an upload in the export was withdrawn since: its records are no longer given out")
    @APIResponse(responseCode = "416", description = "a range that starts past the end (Content-Range: bytes */length)")
    public Response file(@PathParam("id") String id, @PathParam("path") String path,
                         @HeaderParam("Range") String rangeHeader, @HeaderParam("If-Range") String ifRange)
            throws Throwable {
        Exports.Caller who = Exports.Caller.of(caller);
        Exports.Stored stored = VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> exports.find(id, who)));
        Exports.checkNotWithdrawn(stored);
        long length;
        String sha256;
        FileWriter writer;
        String type;
        if (Exports.CARD.equals(path)) {
            byte[] card = stored.card();
            length = card.length;
            sha256 = Digests.sha256(stored.export().card);
            writer = out -> out.write(card);
            type = "text/markdown; charset=utf-8";
        } else {
            ExportShard shard = stored.shards().stream().filter(s -> s.path.equals(path)).findFirst()
                    .orElseThrow(() -> ProblemException.notFound("file " + path + " of export " + id));
            length = shard.bytes;
            sha256 = shard.sha256;
            writer = out -> ExportLayout.write(shard.toShard(), stored.manifest(), blobs, out);
            type = "application/jsonl; charset=utf-8";
        }
        String etag = "\"" + sha256.substring(sha256.indexOf(':') + 1) + "\"";
        ByteRange range = ByteRange.of(rangeHeader, ifRange, etag, length);
        String name = path.substring(path.lastIndexOf('/') + 1);
        Response.ResponseBuilder response = (range == null ? Response.ok() : Response.status(206)
                .header("Content-Range", range.contentRange()))
                .type(type)
                .header("Accept-Ranges", "bytes")
                .header("ETag", etag)
                .header("Content-Length", range == null ? length : range.size())
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        StreamingOutput body = out -> {
            if (range == null) {
                writeWhole(writer, out, length, sha256, id + "/" + path);
            } else {
                try {
                    writer.write(range.slice(out));
                } catch (ByteRange.RangeSent sent) {
                    // The range is out; the rest of the file need not be made.
                }
            }
        };
        return response.entity(body).build();
    }

    private interface FileWriter {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Sends the whole file, checking it is the bytes its size and digest name: a mismatch (a change in how rows are
     * written, a damaged blob) fails the response rather than end it as if complete.
     */
    private static void writeWhole(FileWriter writer, OutputStream out, long length, String sha256, String what)
            throws IOException {
        MessageDigest digest = Digests.newSha256();
        long[] sent = {0};
        OutputStream counting = new java.io.FilterOutputStream(new DigestOutputStream(out, digest)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                sent[0] += len;
                if (sent[0] > length) {
                    throw new IOException(what + " is longer than its " + length + " bytes");
                }
                out.write(b, off, len);
            }
        };
        writer.write(counting);
        String actual = Digests.name(digest);
        if (sent[0] != length || !actual.equals(sha256)) {
            LOG.errorf("export file %s came out as %d bytes, %s; its plan says %d bytes, %s", what, sent[0], actual,
                    length, sha256);
            throw new IOException("export file " + what + " is not the bytes its digest names");
        }
    }
}
