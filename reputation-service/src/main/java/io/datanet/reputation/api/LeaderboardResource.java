package io.datanet.reputation.api;

import io.datanet.platform.api.PageRequest;
import io.datanet.platform.api.PageResponse;
import io.datanet.reputation.ledger.ScopeKey;
import io.datanet.reputation.ledger.Standings;
import io.datanet.reputation.score.ScoreFormula;
import io.datanet.platform.db.Database;
import io.datanet.reputation.store.ReputationStore;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import jakarta.ws.rs.BeanParam;
import io.datanet.platform.api.PageParameters;

/**
 * The leaderboard, overall or of one datanet, as of this instant: scores decay with time, so they are computed at
 * read time from the stored sums (always current, no batch). Ranked in memory: one row per contributor of the
 * scope is read, which is fine for the tens of thousands of contributors a datanet has.
 */
@Path("/api/leaderboard")
@Authenticated
public class LeaderboardResource {

    @Inject
    ReputationStore store;
    @Inject
    Database database;
    @Inject
    ScoreFormula formula;
    @Inject
    Clock clock;

    /** A page of the leaderboard and the instant its scores were computed at. */
    public record Leaderboard(String datanetId, Instant asOf, List<StandingView> items, int page, int size,
                              long total) {
    }

    @GET
    @Operation(operationId = "getLeaderboard", summary = "The leaderboard, overall or of one datanet, scores as of now")
    @APIResponse(responseCode = "200", description = "one page of the ranking")
    @APIResponse(responseCode = "400", description = "page or size out of bounds (the problem's `parameter` names it)")
    @APIResponse(responseCode = "401", description = "no valid token")
    public Uni<Leaderboard> leaderboard(
            @Parameter(description = "a datanet's id; without it, the overall ranking") @QueryParam("datanet") String datanet,
            @BeanParam PageParameters paging) {
        PageRequest request = paging.request();
        String scope = datanet == null || datanet.isBlank() ? ScopeKey.OVERALL : datanet;
        Instant now = clock.instant();
        return store.scope(database.pool(), scope).map(sums -> {
            List<Standings.Standing> ranked = Standings.rank(sums, formula, now);
            PageResponse<StandingView> pageOf = PageResponse.of(
                    ranked.subList(Math.min(request.offset(), ranked.size()),
                            Math.min(request.offset() + request.size(), ranked.size())),
                    request, ranked.size(), s -> StandingView.of(s, scope.isEmpty() ? null : scope));
            return new Leaderboard(scope.isEmpty() ? null : scope, now, pageOf.items(), pageOf.page(), pageOf.size(),
                    pageOf.total());
        });
    }
}
