package io.datanet.training.api;

import io.datanet.events.DatanetJson;
import io.datanet.training.job.JobAttribution;
import io.datanet.training.job.JobProgress;
import io.datanet.training.job.JobRequest;
import io.datanet.training.job.Jobs;
import io.datanet.training.job.TrainingJob;
import io.datanet.platform.api.PageRequest;
import io.datanet.platform.api.PageResponse;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.concurrent.Offload;
import io.datanet.platform.problem.ProblemException;
import io.datanet.platform.api.Roles;
import io.datanet.training.JobSettings;
import io.datanet.training.dataset.DatanetOwner;
import io.datanet.training.dataset.Snapshots;
import io.datanet.training.basemodel.BaseModelCatalog;
import io.datanet.training.limits.ComputeCost;
import io.datanet.training.limits.JobLimits;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import jakarta.ws.rs.BeanParam;
import io.datanet.platform.api.PageParameters;

/**
 * Fine-tuning jobs. Anyone signed in may read them; a datanet's owner and operators may start and cancel its jobs.
 */
@Path("/api/jobs")
@Authenticated
public class JobResource {

    /** The most points {@code GET /api/jobs/{id}/progress} returns: plenty for a chart, little to send. */
    static final int MAX_PROGRESS_POINTS = 1000;

    @Inject
    JsonWebToken caller;
    @Inject
    JobSettings settings;
    @Inject
    Snapshots snapshots;
    @Inject
    Jobs jobs;
    @Inject
    BlobStore blobs;
    @Inject
    JobLimits limits;
    @Inject
    BaseModelCatalog catalog;

    @POST
    @Operation(operationId = "createJob", summary = "Queue a fine-tuning job on a datanet's accepted data")
    @APIResponse(responseCode = "202", description = "queued (Location: the job)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", description = "no JSON body, or one that is not JSON of this shape")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not the datanet's owner or an operator")
    @APIResponse(responseCode = "404", description = "no such datanet")
    @APIResponse(responseCode = "409", description = "the same job (snapshot, model, method, settings) is queued or running")
    @APIResponse(responseCode = "422", description = "invalid settings, no accepted data yet, or a job too large (the problem's `field`)")
    @APIResponse(responseCode = "429", description = "over a job limit (the problem's `limit` says which; Retry-After)")
    public Uni<Response> create(JobRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("a JSON body with datanetId is required");
        }
        JobRequest.Validated valid = request.validated(settings, catalog);
        String me = caller.getSubject();
        boolean operator = caller.getGroups().contains(Roles.OPERATOR);
        return Panache.withTransaction(() -> DatanetOwner.<DatanetOwner>findById(valid.datanetId())
                .chain(datanet -> {
                    if (datanet == null) {
                        throw ProblemException.notFound("datanet " + valid.datanetId());
                    }
                    if (!datanet.managedBy(caller)) {
                        throw new ProblemException(403, "forbidden", "Forbidden",
                                "only the datanet's owner or an operator may start its jobs");
                    }
                    // Locked before reading anything the limits count: concurrent requests queue one at a time.
                    return limits.lock(me, valid.datanetId()).chain(() -> snapshots.current(valid.datanetId()));
                })
                .chain(snapshot -> {
                    if (snapshot == null) {
                        throw ProblemException.unprocessable("datanet " + valid.datanetId()
                                + " has no accepted data to train on yet").with("field", "datanetId");
                    }
                    long cost = ComputeCost.of(snapshot.recordCount, valid.hyperparameters(), valid.computeScale());
                    return limits.check(me, operator, valid.datanetId(), cost, Instant.now())
                            .chain(() -> jobs.queue(snapshot, valid.baseModel(), valid.method(),
                                    valid.hyperparameters(), Jobs.MANUAL, me, cost));
                }))
                .map(job -> Response.accepted(JobView.of(job)).location(URI.create("/api/jobs/" + job.id)).build());
    }

    @GET
    @WithSession
    @Operation(operationId = "listJobs", summary = "Training jobs, newest first, of every datanet or of one")
    @APIResponse(responseCode = "200", description = "one page of jobs")
    @APIResponse(responseCode = "400", description = "page or size out of bounds (the problem's `parameter` names it)")
    @APIResponse(responseCode = "401", description = "no valid token")
    public Uni<PageResponse<JobView>> list(
            @Parameter(description = "only this datanet's jobs") @QueryParam("datanet") String datanet,
            @BeanParam PageParameters paging) {
        PageRequest request = paging.request();
        Sort newestFirst = Sort.descending("createdAt").and("id");
        var query = datanet == null || datanet.isBlank() ? TrainingJob.<TrainingJob>findAll(newestFirst)
                : TrainingJob.<TrainingJob>find("datanetId", newestFirst, datanet);
        return query.page(Page.of(request.page(), request.size())).list()
                .chain(items -> query.count().map(total -> PageResponse.of(items, request, total, JobView::of)));
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(operationId = "getJob", summary = "A job: status, progress, metrics and adapter")
    @APIResponse(responseCode = "200", description = "the job")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "404", description = "no such job")
    public Uni<JobView> get(@PathParam("id") String id) {
        return find(id).map(JobView::of);
    }

    /** One point of the loss curve. */
    public record ProgressPoint(int step, double loss, Double tokensPerSecond, Instant recordedAt) {
    }

    /** The loss curve: {@code total} points are stored, {@code points} has them all or an even selection. */
    public record ProgressHistory(String jobId, int total, List<ProgressPoint> points) {
    }

    /**
     * The job's training loss curve: the point each progress heartbeat recorded (about every 2 s), in step order,
     * one per step (a resumed attempt's where it re-ran steps after a crash). A long run's curve is thinned evenly to
     * at most {@value #MAX_PROGRESS_POINTS} points, its first and last kept. Readable by anyone who may read the job.
     */
    @GET
    @Path("/{id}/progress")
    @WithSession
    @Operation(operationId = "getJobProgress", summary = "The job's training loss curve")
    @APIResponse(responseCode = "200", description = "the curve, thinned evenly to at most 500 points")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "404", description = "no such job")
    public Uni<ProgressHistory> progress(@PathParam("id") String id) {
        return find(id).chain(job -> JobProgress.of(id)).map(points -> new ProgressHistory(id, points.size(),
                JobProgress.thinned(points, MAX_PROGRESS_POINTS).stream()
                        .map(p -> new ProgressPoint(p.step, p.loss, p.tokensPerSecond, p.recordedAt)).toList()));
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(operationId = "cancelJob", summary = "Cancel a queued or running job")
    @APIResponse(responseCode = "200", description = "the job, CANCELLED")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not the datanet's owner or an operator")
    @APIResponse(responseCode = "404", description = "no such job")
    @APIResponse(responseCode = "409", description = "the job has already ended")
    public Uni<JobView> cancel(@PathParam("id") String id) {
        return Panache.withTransaction(() -> find(id).chain(job -> DatanetOwner.<DatanetOwner>findById(job.datanetId)
                .chain(datanet -> {
                    if (datanet == null || !datanet.managedBy(caller)) {
                        throw new ProblemException(403, "forbidden", "Forbidden",
                                "only the datanet's owner or an operator may cancel its jobs");
                    }
                    return jobs.cancel(job, caller.getSubject());
                }))).map(JobView::of);
    }

    /**
     * The PEFT files of a succeeded job: {@code adapter_config.json} and {@code adapter_model.safetensors}. A job's
     * adapter never changes once written, so each file carries its SHA-256 as a strong {@code ETag} and may be cached
     * for good ({@code immutable}; {@code private}, since it takes a token); {@code If-None-Match} with that tag is
     * answered 304 without reading the file.
     */
    @GET
    @Path("/{id}/adapter/{file}")
    @WithSession
    @Operation(operationId = "getAdapterFile", summary = "A PEFT file of the job's adapter (strong ETag, immutable)")
    @APIResponse(responseCode = "200", description = "adapter_config.json or adapter_model.safetensors", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)),
            @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "304", description = "If-None-Match names the file's ETag")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "404", description = "no such job, or no such adapter file")
    @APIResponse(responseCode = "409", description = "the job has no adapter (yet)")
    public Uni<Response> adapterFile(@PathParam("id") String id, @PathParam("file") String file,
                                     @HeaderParam("If-None-Match") String ifNoneMatch) {
        return find(id).chain(job -> {
            boolean config = switch (file) {
                case "adapter_config.json" -> true;
                case "adapter_model.safetensors" -> false;
                default -> throw ProblemException.notFound("adapter file " + file
                        + " (there are adapter_config.json and adapter_model.safetensors)");
            };
            String address = config ? job.adapterConfigAddress : job.adapterModelAddress;
            if (address == null) {
                throw new ProblemException(409, "no-adapter", "Conflict", "job " + id + " is " + job.status
                        + " and has no adapter yet");
            }
            String etag = "\"" + (config ? job.adapterConfigSha256 : job.adapterModelSha256) + "\"";
            String cache = "private, max-age=31536000, immutable";
            if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*")
                    || java.util.Arrays.stream(ifNoneMatch.split(",")).map(String::trim)
                            .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag).anyMatch(etag::equals))) {
                return Uni.createFrom().item(Response.notModified().header("ETag", etag)
                        .header("Cache-Control", cache).build());
            }
            String type = config ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_OCTET_STREAM;
            // Adapters are small (a few MB at most): read whole, off the event loop.
            return Offload.blocking(() -> {
                try (var in = blobs.open(address)) {
                    return in.readAllBytes();
                }
            }).map(bytes -> Response.ok(bytes, type)
                    .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                    .header("ETag", etag).header("Cache-Control", cache).build());
        });
    }

    @GET
    @Path("/{id}/attribution")
    @WithSession
    @Operation(operationId = "getJobAttribution", summary = "How much each contributor's data helped the job's adapter")
    @APIResponse(responseCode = "200", description = "each contributor's influence and share")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "404", description = "no such job")
    @APIResponse(responseCode = "409", description = "the job has no attribution (yet)")
    public Uni<Map<String, Object>> attribution(@PathParam("id") String id) {
        return find(id).chain(job -> JobAttribution.<JobAttribution>findById(id).map(a -> {
            if (a == null) {
                throw new ProblemException(409, "no-attribution", "Conflict", "job " + id + " is " + job.status
                        + " and has no attribution yet");
            }
            return Map.of("jobId", a.jobId, "datanetId", a.datanetId, "method", a.method, "snapshotDigest",
                    a.snapshotDigest, "adapterDigest", a.adapterDigest, "computedAt", a.computedAt,
                    "contributors", DatanetJson.read(a.contributors, java.util.List.class));
        }));
    }

    private Uni<TrainingJob> find(String id) {
        return TrainingJob.<TrainingJob>findById(id).map(job -> {
            if (job == null) {
                throw ProblemException.notFound("job " + id);
            }
            return job;
        });
    }
}
