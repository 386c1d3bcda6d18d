package io.datanet.upload.api;

import io.datanet.upload.files.Withdrawals;
import io.datanet.platform.api.TextInput;
import io.datanet.platform.problem.ProblemException;
import io.datanet.platform.api.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The right to erasure: an operator erases all of a contributor's uploads on the contributor's request. Each upload
 * is withdrawn as if its contributor had withdrawn it (reason ERASED), and an audit line names the operator and the
 * request.
 */
@Path("/api/contributors/{id}/erasure")
@RolesAllowed(Roles.OPERATOR)
public class ErasureResource {

    @Inject
    JsonWebToken caller;
    @Inject
    Withdrawals withdrawals;

    /** @param reference the request this erasure answers (a ticket, a letter): required, one line */
    public record ErasureRequest(String reference) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "eraseContributor", summary = "Erase a contributor's uploads on their request")
    @APIResponse(responseCode = "200", description = "what was erased")
    @APIResponse(responseCode = "400", description = "a body that is not JSON of this shape")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not an operator")
    @APIResponse(responseCode = "422", description = "no reference of one line of 1-200 characters (the problem's `field`)")
    public Uni<Withdrawals.Erasure> erase(@PathParam("id") String contributorId, ErasureRequest request) {
        String given = request == null || request.reference() == null ? "" : request.reference();
        String reference = given.trim();
        // Checked as given: a control character is refused, not trimmed away.
        if (reference.isEmpty() || reference.length() > 200 || TextInput.whyNotALine(given) != null) {
            throw ProblemException.unprocessable("reference names the contributor's request: one line of 1-200 "
                    + "characters").with("field", "reference");
        }
        return withdrawals.erase(contributorId, caller.getSubject(), reference);
    }
}
