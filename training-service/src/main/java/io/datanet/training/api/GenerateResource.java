package io.datanet.training.api;

import io.datanet.events.DatanetJson;
import io.datanet.training.generate.Playground;
import io.datanet.events.Hyperparameters;
import io.datanet.events.JobStatus;
import io.datanet.events.TrainingMethod;
import io.datanet.platform.db.Database;
import io.datanet.platform.problem.ProblemException;
import io.datanet.platform.api.Roles;
import io.datanet.trainer.generate.Generation;
import io.datanet.trainer.tokenizer.ChatTemplate;
import io.datanet.training.basemodel.BaseModelCatalog;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;

/**
 * {@code POST /api/jobs/{id}/generate}: text from a succeeded job's model, with its adapter or without, streamed as
 * server-sent events ({@code {"text"}} pieces as they decode, then {@code {"done", "tokens", "stop"}}). The
 * datanet's owner and operators may ask; 409 before the job has succeeded, 429 while the replica's playground is
 * busy. Checked before the stream starts, so every refusal is a problem response with its status.
 */
@Path("/api/jobs/{id}/generate")
@Authenticated
public class GenerateResource {

    @Inject
    JsonWebToken caller;
    @Inject
    Database database;
    @Inject
    BaseModelCatalog catalog;
    @Inject
    Playground playground;

    @POST
    @Blocking
    @Operation(operationId = "generate", summary = "Stream a continuation of a prompt, with and without the job's adapter")
    @APIResponse(responseCode = "200", description = "server-sent events: tokens as they come, then the end",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "no JSON body, or one that is not JSON of this shape")
    @APIResponse(responseCode = "401", description = "no valid token")
    @APIResponse(responseCode = "403", description = "not the datanet's owner or an operator")
    @APIResponse(responseCode = "404", description = "no such job")
    @APIResponse(responseCode = "409", description = "the job has not succeeded, or its base model is no longer offered")
    @APIResponse(responseCode = "422", description = "invalid settings (the problem's `field` names it)")
    @APIResponse(responseCode = "429", description = "the replica already generates as much as it may (Retry-After)")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<Playground.GenerationEvent> generate(@PathParam("id") String id, GenerateRequest request) {
        if (request == null) throw ProblemException.badRequest("a JSON body with a prompt is required");
        Generation.Settings settings = request.settings();
        Object[] row = database.pool().first("SELECT j.status, j.base_model, j.method, j.hyperparameters, "
                        + "j.adapter_model_address, d.owner_id FROM training_job j "
                        + "LEFT JOIN datanet d ON d.id = j.datanet_id WHERE j.id = ?1", id)
                .await().atMost(Duration.ofSeconds(10));
        if (row == null) throw ProblemException.notFound("job " + id);
        boolean operator = caller.getGroups().contains(Roles.OPERATOR);
        if (!operator && !caller.getSubject().equals(row[5])) {
            throw ProblemException.forbidden("only the datanet's owner or an operator may generate with its jobs");
        }
        if (!JobStatus.SUCCEEDED.name().equals(row[0]) || row[4] == null) {
            throw ProblemException.conflict("job-not-succeeded", "job " + id + " is " + row[0]
                    + ": only a succeeded job has an adapter to generate with");
        }
        String base = catalog.reference((String) row[1]).orElseThrow(() -> ProblemException.conflict(
                "base-model-gone", "base model " + row[1] + " is no longer offered"));
        Playground.JobModel job = new Playground.JobModel(id, base, TrainingMethod.valueOf((String) row[2]),
                DatanetJson.read((String) row[3], Hyperparameters.class), (String) row[4]);
        String prompt = request.prompt();
        if (request.asChat()) {
            ChatTemplate template = catalog.chatTemplate((String) row[1]).orElseThrow(() -> GenerateRequest.invalid(
                    "chat", "needs a base model with a chat template; " + row[1] + " has none that renders here"));
            try {
                prompt = template.render(List.of(new ChatTemplate.Message("user", prompt)), true);
            } catch (ChatTemplate.UnsupportedTemplateException e) {
                throw GenerateRequest.invalid("chat", e.getMessage());
            }
        }
        playground.acquire();
        return playground.generate(job, request.withAdapter(), prompt, settings);
    }
}
