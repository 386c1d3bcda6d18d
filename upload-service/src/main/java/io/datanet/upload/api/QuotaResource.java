package io.datanet.upload.api;

import io.datanet.upload.quota.QuotaLedger;
import io.datanet.upload.quota.QuotaPolicy;
import io.datanet.events.Tier;
import io.datanet.platform.db.Database;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The caller's upload usage today, their limits and the reputation tier that sets them. */
@Path("/api/quota")
@Authenticated
public class QuotaResource {

    @Inject
    JsonWebToken caller;
    @Inject
    QuotaLedger ledger;
    @Inject
    Database database;

    public record QuotaView(String contributorId, Tier tier, Usage usage, QuotaPolicy.Limits limits, Instant resetsAt) {
    }

    public record Usage(int filesToday, long bytesToday, int pending) {
    }

    @GET
    @Operation(operationId = "getQuota", summary = "The caller's upload usage today, limits and reputation tier")
    @APIResponse(responseCode = "200", description = "usage, limits, and when the day's counts reset")
    @APIResponse(responseCode = "401", description = "no valid token")
    public Uni<QuotaView> quota() {
        String me = caller.getSubject();
        Instant now = Instant.now();
        return ledger.standing(database.pool(), me, null, now).map(standing -> new QuotaView(me, standing.limits().tier(),
                new Usage(standing.usage().filesToday(), standing.usage().bytesToday(), standing.usage().pending()),
                standing.limits(), QuotaPolicy.utcDay(now).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
    }
}
