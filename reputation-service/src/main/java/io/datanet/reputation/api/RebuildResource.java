package io.datanet.reputation.api;

import io.datanet.platform.security.Roles;
import io.datanet.reputation.rebuild.Rebuild;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

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
    public Uni<Rebuild.Report> rebuild(@QueryParam("swap") boolean swap) {
        return rebuild.run(swap);
    }
}
