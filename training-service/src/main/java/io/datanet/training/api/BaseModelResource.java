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
    public Listing list() {
        return new Listing(catalog.list());
    }

    @GET
    @Path("/{id}")
    public BaseModel get(@PathParam("id") String id) {
        return catalog.find(id).orElseThrow(() -> ProblemException.notFound("base model " + id));
    }
}
