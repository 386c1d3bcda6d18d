package io.datanet.validation.api;

import io.datanet.validation.store.CopyEvidence;
import io.datanet.platform.problem.ProblemException;
import io.datanet.platform.api.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Who copied whom, for validators and operators: cross-contributor duplicates (exact copies, near copies and
 * paraphrases of another contributor's accepted records) gathered per copier and original author. The copies were
 * rejected when they were found, so the copier earned nothing from them and paid for them as rejected data; the
 * author's records stay accepted. Many copies between the same two accounts, or copies from many authors into one
 * account, are what sybil and farming rings look like.
 */
@Path("/api/copies")
@RolesAllowed({Roles.VALIDATOR, Roles.OPERATOR})
public class CopyResource {

    static final int MAX_RECORDS = 500;

    /**
     * @param byKind  copied records per duplicate reason ({@code duplicate.exact}, {@code .near}, {@code .semantic})
     * @param uploads the copier's uploads that held them
     */
    public record CopyPair(String datanetId, String copierId, String authorId, long records,
                           Map<String, Long> byKind, long uploads, Instant firstFound, Instant lastFound) {
    }

    public record CopiedRecord(String copierUploadId, int copierRecord, String authorUploadId, int authorRecord,
                               String kind, Instant foundAt) {
    }

    /** Every copier/author pair (of one datanet, one copier or one author if asked), most copied records first. */
    @GET
    @WithSession
    @Operation(operationId = "listCopyPairs", summary = "Who copied whom: every copier/author pair, most copied first")
    @APIResponse(responseCode = "200", description = "the pairs, optionally of one datanet, copier or author")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not a validator or an operator")
    public Uni<List<CopyPair>> pairs(@QueryParam("datanet") String datanetId, @QueryParam("copier") String copierId,
                                     @QueryParam("author") String authorId) {
        Filter filter = Filter.of(datanetId, copierId, authorId);
        String pair = "e.datanetId, e.copierId, e.authorId";
        return filter.query("select " + pair + ", count(e), count(distinct e.copierUploadId), min(e.foundAt),"
                        + " max(e.foundAt) from CopyEvidence e" + filter.where() + " group by " + pair)
                .flatMap(totals -> filter.query("select " + pair + ", e.kind, count(e) from CopyEvidence e"
                                + filter.where() + " group by " + pair + ", e.kind")
                        .map(kinds -> pairsOf(totals, kinds)));
    }

    /** The records behind one pair: each copy and the original it duplicates, newest first. */
    @GET
    @Path("/records")
    @WithSession
    @Operation(operationId = "listCopiedRecords", summary = "The records behind one copier/author pair, newest first")
    @APIResponse(responseCode = "200", description = "each copy and the original it duplicates")
    @APIResponse(responseCode = "400", description = "no datanet or no copier (the problem's `parameter` names it)")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not a validator or an operator")
    public Uni<List<CopiedRecord>> records(@QueryParam("datanet") String datanetId,
                                           @QueryParam("copier") String copierId,
                                           @QueryParam("author") String authorId) {
        if (datanetId == null || datanetId.isBlank() || copierId == null || copierId.isBlank()) {
            throw ProblemException.badRequest("datanet and copier are required").with("parameter", "copier");
        }
        Filter filter = Filter.of(datanetId, copierId, authorId);
        return CopyEvidence.<CopyEvidence>find(filter.condition(""),
                        Sort.descending("foundAt").and("copierUploadId").and("copierRecord"), filter.parameters())
                .range(0, MAX_RECORDS - 1).list()
                .map(found -> found.stream().map(e -> new CopiedRecord(e.copierUploadId, e.copierRecord,
                        e.authorUploadId, e.authorRecord, e.kind, e.foundAt)).toList());
    }

    private static List<CopyPair> pairsOf(List<Object[]> totals, List<Object[]> kinds) {
        Map<List<Object>, Map<String, Long>> byKind = new LinkedHashMap<>();
        for (Object[] row : kinds) {
            byKind.computeIfAbsent(List.of(row[0], row[1], row[2]), k -> new TreeMap<>()).put((String) row[3],
                    (Long) row[4]);
        }
        List<CopyPair> pairs = new ArrayList<>();
        for (Object[] row : totals) {
            pairs.add(new CopyPair((String) row[0], (String) row[1], (String) row[2], (Long) row[3],
                    byKind.getOrDefault(List.of(row[0], row[1], row[2]), Map.of()), (Long) row[4],
                    (Instant) row[5], (Instant) row[6]));
        }
        pairs.sort(Comparator.comparingLong(CopyPair::records).reversed()
                .thenComparing(CopyPair::datanetId).thenComparing(CopyPair::copierId).thenComparing(CopyPair::authorId));
        return pairs;
    }

    /** The optional filters as an HQL condition and its parameters. */
    private record Filter(Map<String, String> values) {
        static Filter of(String datanetId, String copierId, String authorId) {
            Map<String, String> values = new LinkedHashMap<>();
            if (datanetId != null && !datanetId.isBlank()) {
                values.put("datanetId", datanetId);
            }
            if (copierId != null && !copierId.isBlank()) {
                values.put("copierId", copierId);
            }
            if (authorId != null && !authorId.isBlank()) {
                values.put("authorId", authorId);
            }
            return new Filter(values);
        }

        /** For a query over {@code CopyEvidence e}. */
        String where() {
            return values.isEmpty() ? "" : " where " + condition("e.");
        }

        /** For Panache's short form, which names no alias. */
        String condition(String alias) {
            return String.join(" and ", values.keySet().stream().map(k -> alias + k + " = :" + k).toList());
        }

        Uni<List<Object[]>> query(String hql) {
            return CopyEvidence.getSession().flatMap(session -> {
                var query = session.createSelectionQuery(hql, Object[].class);
                values.forEach(query::setParameter);
                return query.getResultList();
            });
        }

        Parameters parameters() {
            Parameters p = new Parameters();
            values.forEach(p::and);
            return p;
        }
    }
}
