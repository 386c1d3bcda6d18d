package io.datanet.training.api;

import io.datanet.training.basemodel.BaseModel;
import io.datanet.training.basemodel.BaseModelCatalog;
import io.datanet.platform.problem.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code GET /api/base-models}: what jobs may fine-tune, with what each needs; anyone signed in may look. */
@Path("/api/base-models")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class BaseModelResource {

    @Inject
    BaseModelCatalog catalog;

    /** The models in the order the catalog keeps: the default first. */
    public record Listing(List<BaseModel> items) {
    }

    @GET
    @Operation(operationId = "listBaseModels", summary = "The base models jobs may start from, the default first")
    @APIResponse(responseCode = "200", description = "the models")
    @APIResponse(responseCode = "401", description = "no valid token")
    public Listing list() {
        return new Listing(catalog.list());
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getBaseModel", summary = "A base model: family, size, tokenizer and what it supports")
    @APIResponse(responseCode = "200", description = "the model")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "404", description = "no such base model")
    public BaseModel get(@PathParam("id") String id) {
        return catalog.find(id).orElseThrow(() -> ProblemException.notFound("base model " + id));
    }
}
