package io.datanet.reputation.api;

import io.datanet.platform.api.Roles;
import io.datanet.reputation.rebuild.Rebuild;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * For operators: recompute the reputation state from the topics and compare it with the live one
 * ({@code POST /api/admin/rebuild}), or also replace the live state with it ({@code ?swap=true}). Consumers keep
 * running; a swap holds them for the moment it takes to write the tables.
 */
@Path("/api/admin/rebuild")
@RolesAllowed(Roles.OPERATOR)
public class RebuildResource {

    @Inject
    Rebuild rebuild;

    @POST
    @Operation(operationId = "rebuildReputation",
            summary = "Recompute reputation from the topics and compare it with the live state, or also replace it")
    @APIResponse(responseCode = "200", description = "what differs between the recomputed and the live state")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not an operator")
    public Uni<Rebuild.Report> rebuild(
            @Parameter(description = "replace the live state with the recomputed one") @QueryParam("swap") boolean swap) {
        return rebuild.run(swap);
    }
}
