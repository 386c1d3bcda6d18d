package io.datanet.reputation.api;

import io.datanet.events.Tier;
import io.datanet.platform.api.PageRequest;
import io.datanet.platform.api.PageResponse;
import io.datanet.platform.problem.ProblemException;
import io.datanet.reputation.ledger.ScopeKey;
import io.datanet.reputation.score.ScoreFormula;
import io.datanet.reputation.score.Sums;
import io.datanet.platform.db.Database;
import io.datanet.reputation.store.ReputationStore;
import io.datanet.reputation.store.ReputationStore.Change;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.ws.rs.BeanParam;
import io.datanet.platform.api.PageParameters;

/** A contributor's reputation: the score with its parts, per datanet, and what changed it and why. */
@Path("/api/contributors")
@Authenticated
public class ContributorResource {

    @Inject
    ReputationStore store;
    @Inject
    Database database;
    @Inject
    ScoreFormula formula;
    @Inject
    Clock clock;

    /**
     * @param overall       the overall standing now
     * @param announcedTier the tier last published on {@code reputation.updated} (what upload-service applies)
     * @param datanets      the standing in each datanet the contributor has uploads or attribution in
     * @param history       newest first: every applied verdict, override, attribution and decay-driven tier change
     */
    public record ContributorView(String id, Instant asOf, StandingView overall, Tier announcedTier,
                                  List<StandingView> datanets, PageResponse<Change> history) {
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getContributor", summary = "A contributor's standing, per datanet, and its history")
    @APIResponse(responseCode = "200", description = "the standing now and one page of the history")
    @APIResponse(responseCode = "400", description = "page or size out of bounds (the problem's `parameter` names it)")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "404", description = "no verdict or attribution of this contributor counted yet")
    public Uni<ContributorView> get(@PathParam("id") String id,
            @BeanParam PageParameters paging) {
        PageRequest request = paging.request();
        Instant now = clock.instant();
        // One transaction: the standing, history and its size are read from one state.
        return database.inTransaction(sql -> store.announced(sql, id).chain(announced -> {
            if (announced == null) {
                throw ProblemException.notFound("contributor " + id + " (no verdict or attribution counted yet)");
            }
            return store.sumsOf(sql, id).chain(sums -> store.history(sql, id, request.offset(), request.size())
                    .chain(changes -> store.historySize(sql, id).map(total -> new ContributorView(id, now,
                            standing(id, null, sums.getOrDefault(ScopeKey.OVERALL, Sums.ZERO), now),
                            announced.tier(), perDatanet(id, sums, now),
                            new PageResponse<>(changes, request.page(), request.size(), total)))));
        }));
    }

    private List<StandingView> perDatanet(String id, Map<String, Sums> sums, Instant now) {
        return sums.entrySet().stream().filter(e -> !e.getKey().equals(ScopeKey.OVERALL))
                .map(e -> standing(id, e.getKey(), e.getValue(), now)).toList();
    }

    private StandingView standing(String id, String datanetId, Sums sums, Instant now) {
        return StandingView.of(null, id, datanetId, sums, formula.score(sums, now));
    }
}
