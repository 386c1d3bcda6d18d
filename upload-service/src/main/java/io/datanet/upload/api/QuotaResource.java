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
    public Uni<QuotaView> quota() {
        String me = caller.getSubject();
        Instant now = Instant.now();
        return ledger.standing(database.pool(), me, null, now).map(standing -> new QuotaView(me, standing.limits().tier(),
                new Usage(standing.usage().filesToday(), standing.usage().bytesToday(), standing.usage().pending()),
                standing.limits(), QuotaPolicy.utcDay(now).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
    }
}
