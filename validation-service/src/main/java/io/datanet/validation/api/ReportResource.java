package io.datanet.validation.api;

import io.datanet.events.DatanetJson;
import io.datanet.validation.judge.UploadRecords;
import io.datanet.validation.store.DatanetSettings;
import io.datanet.validation.store.ReportColumns;
import io.datanet.validation.store.Report;
import io.datanet.validation.store.VerdictHistory;
import io.datanet.validation.store.Verdicts;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.api.PageRequest;
import io.datanet.platform.api.PageResponse;
import io.datanet.platform.api.TextInput;
import io.datanet.platform.concurrent.Offload;
import io.datanet.platform.problem.ProblemException;
import io.datanet.platform.api.Roles;
import io.datanet.validation.checks.UploadVerdict;
import io.datanet.validation.records.DatasetRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.ws.rs.BeanParam;
import io.datanet.platform.api.PageParameters;

/**
 * Validation reports: readable by the uploader, the datanet owner, validators and operators (anyone else gets
 * 404); validators and operators list recent reports and can override a verdict, which publishes the next verdict
 * version, except on their own uploads (403).
 */
@Path("/api/reports")
@Authenticated
public class ReportResource {

    @Inject
    JsonWebToken caller;
    @Inject
    Verdicts verdicts;
    @Inject
    UploadRecords uploadRecords;

    public record HistoryView(int version, Verdict verdict, VerdictSource decidedBy, String reviewerId, String comment,
                              Instant decidedAt) {
    }

    public record ReportView(String uploadId, String datanetId, String contributorId, String fileName, Verdict verdict,
                             int verdictVersion, VerdictSource decidedBy, double qualityScore, int recordsTotal,
                             int recordsAccepted, Map<String, Integer> reasonCounts,
                             List<UploadVerdict.RecordResult> rejectedRecords, String fileError,
                             String cleanedBlobAddress, Instant validatedAt, List<HistoryView> history,
                             Instant withdrawnAt) {
    }

    /** A report in a list: the verdict and its figures, without the per-record results and the history. */
    public record ReportSummary(String uploadId, String datanetId, String contributorId, String fileName,
                                Verdict verdict, int verdictVersion, VerdictSource decidedBy, double qualityScore,
                                int recordsTotal, int recordsAccepted, Map<String, Integer> reasonCounts,
                                Instant validatedAt, Instant decidedAt, Instant withdrawnAt) {

        static ReportSummary of(Report r) {
            return new ReportSummary(r.uploadId, r.datanetId, r.contributorId, r.fileName, r.verdict,
                    r.verdictVersion, r.decidedBy, r.qualityScore, r.recordsTotal, r.recordsAccepted,
                    DatanetJson.read(r.reasonCounts, ReportColumns.COUNTS), r.validatedAt, r.updatedAt, r.withdrawnAt);
        }
    }

    public record ReviewRequest(Verdict verdict, String comment) {
    }

    /**
     * One record of an upload as validation read it: its text (or prompt and completion), whether it passed every
     * check, the reasons it did not, and for a copy the record it copies.
     */
    public record RecordView(int record, String text, String prompt, String completion, boolean passed,
                             List<String> reasons, UploadVerdict.Original copyOf) {
    }

    /**
     * Recent reports, newest first by when validation judged them (a later override does not move a report, so
     * pages stay put while reviewers work through them), optionally of one verdict and one datanet: the work list
     * of validators and operators. Contributors read their own reports one by one, and datanet owners list their
     * datanets' uploads on upload-service, so for them this is 403.
     */
    @GET
    @WithSession
    @RolesAllowed({Roles.VALIDATOR, Roles.OPERATOR})
    @Operation(operationId = "listReports", summary = "Validation reports, newest first, by verdict or datanet")
    @APIResponse(responseCode = "200", description = "one page of reports")
    @APIResponse(responseCode = "400", description = "an unknown verdict, or page or size out of bounds (the problem's `parameter` names it)")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not a validator or an operator")
    public Uni<PageResponse<ReportSummary>> list(
            @Parameter(description = "ACCEPTED, REJECTED or PENDING_REVIEW") @QueryParam("verdict") String verdict,
            @Parameter(description = "a datanet's id") @QueryParam("datanet") String datanetId,
            @BeanParam PageParameters paging) {
        PageRequest request = paging.request();
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (verdict != null && !verdict.isBlank()) {
            Verdict wanted = parseVerdict(verdict);
            conditions.add("verdict = :verdict");
            parameters.and("verdict", wanted);
            if (wanted == Verdict.PENDING_REVIEW) {
                conditions.add("withdrawnAt is null");   // a withdrawn upload awaits no review
            }
        }
        if (datanetId != null && !datanetId.isBlank()) {
            conditions.add("datanetId = :datanet");
            parameters.and("datanet", datanetId);
        }
        Sort newestFirst = Sort.descending("validatedAt").and("uploadId");
        var found = conditions.isEmpty() ? Report.<Report>findAll(newestFirst)
                : Report.<Report>find(String.join(" and ", conditions), newestFirst, parameters);
        return found.page(request.page(), request.size()).list()
                .flatMap(items -> found.count().map(total -> PageResponse.of(items, request, total, ReportSummary::of)));
    }

    private static Verdict parseVerdict(String verdict) {
        try {
            return Verdict.valueOf(verdict.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("verdict must be one of ACCEPTED, REJECTED, PENDING_REVIEW")
                    .with("parameter", "verdict");
        }
    }

    @GET
    @Path("/{uploadId}")
    @WithSession
    @Operation(operationId = "getReport", summary = "An upload's validation report and its verdict history")
    @APIResponse(responseCode = "200", description = "the report")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "404", description = "no report of this upload that the caller may see")
    public Uni<ReportView> get(@PathParam("uploadId") String uploadId) {
        return visible(uploadId).flatMap(this::view);
    }

    /**
     * The upload's records, in file order, a page at a time, optionally only those that passed ({@code verdict=passed})
     * or failed ({@code verdict=failed}) the checks, or those dropped for one reason ({@code reason=pii.email}): what an
     * owner or a validator reads before deciding. The same
     * people may see them as may see the report. The file is read again as validation read it (the same reader and
     * limits); an unreadable file has no records, and reports from before the file was kept (V20) are 404.
     */
    @GET
    @Path("/{uploadId}/records")
    @Operation(operationId = "listReportRecords", summary = "An upload's records as validation read them, with why each failed")
    @APIResponse(responseCode = "200", description = "one page of records, in file order")
    @APIResponse(responseCode = "400", description = "a bad verdict or reason, or page or size out of bounds (the problem's `parameter` names it)")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "404", description = "no report the caller may see, or one judged before files were kept")
    @APIResponse(responseCode = "410", description = "the upload was withdrawn and its records deleted")
    public Uni<PageResponse<RecordView>> records(@PathParam("uploadId") String uploadId,
            @Parameter(description = "passed or failed") @QueryParam("verdict") String verdict,
            @Parameter(description = "only records failed for this reason code, e.g. pii.email") @QueryParam("reason") String reason,
            @BeanParam PageParameters paging) {
        PageRequest request = paging.request();
        Boolean passed = parseRecordVerdict(verdict);
        String onlyReason = parseReason(reason);
        return Panache.withSession(() -> visible(uploadId)).flatMap(report -> {
            if (report.withdrawnAt != null) {
                throw new ProblemException(410, "upload-withdrawn", "Gone", "upload " + uploadId + " was withdrawn at "
                        + report.withdrawnAt + "; its records are deleted");
            }
            if (report.blobAddress == null) {
                throw ProblemException.notFound("records of upload " + uploadId + " (judged before uploads' files were "
                        + "kept with their reports)");
            }
            Map<Integer, UploadVerdict.RecordResult> failed = new java.util.HashMap<>();
            for (UploadVerdict.RecordResult r : DatanetJson.read(report.rejectedRecords, ReportColumns.RECORDS)) {
                failed.put(r.record(), r);
            }
            return Offload.blocking(() -> {
                List<DatasetRecord> read = report.fileError != null ? List.of()
                        : uploadRecords.read(report.blobAddress, report.fileName);
                List<RecordView> views = read.stream().map(r -> {
                    UploadVerdict.RecordResult result = failed.get(r.index());
                    return new RecordView(r.index(), r.isInstruction() ? null : r.text(), r.prompt(), r.completion(),
                            result == null, result == null ? List.of() : result.reasons(),
                            result == null ? null : result.copyOf());
                }).filter(v -> passed == null || v.passed() == passed)
                        .filter(v -> onlyReason == null || v.reasons().contains(onlyReason)).toList();
                List<RecordView> pageItems = views.subList(Math.min(views.size(), request.offset()),
                        Math.min(views.size(), request.offset() + request.size()));
                return PageResponse.of(pageItems, request, views.size(), v -> v);
            });
        });
    }

    /** A reason code's shape (validation-service/README.md lists them): a family, a dot, a name. */
    private static final java.util.regex.Pattern REASON_CODE = java.util.regex.Pattern.compile("[a-z]+\\.[a-z0-9-]{1,60}");

    private static String parseReason(String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        if (!REASON_CODE.matcher(reason).matches()) {
            throw ProblemException.badRequest("reason must be a reason code such as pii.email")
                    .with("parameter", "reason");
        }
        return reason;
    }

    private static Boolean parseRecordVerdict(String verdict) {
        if (verdict == null || verdict.isBlank()) {
            return null;
        }
        return switch (verdict.toLowerCase(Locale.ROOT)) {
            case "passed" -> true;
            case "failed" -> false;
            default -> throw ProblemException.badRequest("verdict must be passed or failed").with("parameter", "verdict");
        };
    }

    @POST
    @Path("/{uploadId}/review")
    @RolesAllowed({Roles.VALIDATOR, Roles.OPERATOR})
    @Operation(operationId = "reviewReport", summary = "A validator's override: a new verdict version with its reason")
    @APIResponse(responseCode = "200", description = "the report with the new verdict")
    @APIResponse(responseCode = "400", description = "a body that is not JSON of this shape")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not a validator or an operator, or the reviewer's own upload")
    @APIResponse(responseCode = "404", description = "no report of this upload")
    @APIResponse(responseCode = "409", description = "the upload was withdrawn, or already has this verdict")
    @APIResponse(responseCode = "422", description = "no ACCEPTED or REJECTED verdict, or no comment of 1-2000 characters (the problem's `field` names it)")
    public Uni<ReportView> review(@PathParam("uploadId") String uploadId, ReviewRequest body) {
        if (body == null || body.verdict() == null || body.verdict() == Verdict.PENDING_REVIEW) {
            throw ProblemException.unprocessable("verdict must be ACCEPTED or REJECTED").with("field", "verdict");
        }
        if (body.comment() == null || body.comment().isBlank() || body.comment().length() > 2000) {
            throw ProblemException.unprocessable("a comment (1-2000 characters) explains the override").with("field", "comment");
        }
        if (TextInput.whyNotText(body.comment()) != null) {
            throw ProblemException.unprocessable("comment " + TextInput.whyNotText(body.comment())).with("field", "comment");
        }
        return Panache.withTransaction(() -> Report.<Report>findById(uploadId).flatMap(report -> {
            if (report == null) {
                throw ProblemException.notFound("report for upload " + uploadId);
            }
            if (report.contributorId.equals(caller.getSubject())) {
                // a validator's own upload is judged by someone else, or her score is hers to set
                throw ProblemException.forbidden("no one reviews their own upload");
            }
            if (report.withdrawnAt != null) {
                throw ProblemException.conflict("upload-withdrawn", "upload " + uploadId + " was withdrawn at "
                        + report.withdrawnAt + "; its verdict stays as it was");
            }
            if (report.verdict == body.verdict()) {
                throw ProblemException.conflict("verdict-unchanged", "upload " + uploadId + " is already " + report.verdict);
            }
            return verdicts.supersede(report, body.verdict(), VerdictSource.VALIDATOR_REVIEW, caller.getSubject(),
                    body.comment().trim());
        })).flatMap(report -> Panache.withSession(() -> view(report)));
    }

    private Uni<Report> visible(String uploadId) {
        return Report.<Report>findById(uploadId).flatMap(report -> {
            if (report == null) {
                throw ProblemException.notFound("report for upload " + uploadId);
            }
            if (caller.getGroups().contains(Roles.VALIDATOR) || caller.getGroups().contains(Roles.OPERATOR)
                    || report.contributorId.equals(caller.getSubject())) {
                return Uni.createFrom().item(report);
            }
            return DatanetSettings.<DatanetSettings>findById(report.datanetId).map(settings -> {
                if (settings == null || !settings.ownerId.equals(caller.getSubject())) {
                    throw ProblemException.notFound("report for upload " + uploadId);
                }
                return report;
            });
        });
    }

    private Uni<ReportView> view(Report r) {
        return VerdictHistory.<VerdictHistory>find("uploadId", Sort.by("version"), r.uploadId).list()
                .map(history -> new ReportView(r.uploadId, r.datanetId, r.contributorId, r.fileName, r.verdict,
                        r.verdictVersion, r.decidedBy, r.qualityScore, r.recordsTotal, r.recordsAccepted,
                        DatanetJson.read(r.reasonCounts, ReportColumns.COUNTS), DatanetJson.read(r.rejectedRecords, ReportColumns.RECORDS), r.fileError,
                        r.cleanedBlobAddress, r.validatedAt,
                        history.stream().map(h -> new HistoryView(h.version, h.verdict, h.decidedBy, h.reviewerId,
                                h.comment, h.decidedAt)).toList(), r.withdrawnAt));
    }
}
