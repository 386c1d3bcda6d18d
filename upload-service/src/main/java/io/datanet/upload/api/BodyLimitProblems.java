package io.datanet.upload.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.platform.problem.Problem;
import io.datanet.platform.problem.ProblemException;
import io.datanet.platform.problem.ProblemMappers;
import io.datanet.upload.files.UploadIntake;
import io.datanet.upload.quota.QuotaConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Makes the HTTP layer's own "body too large" answers problem JSON like every other error. Vert.x stops reading a
 * request once it passes {@code quarkus.http.limits.max-body-size} (a little above the per-file limit, for the
 * multipart envelope): when the declared {@code Content-Length} is already too large it answers before reading a
 * byte; a chunked body is cut off as soon as it passes the limit. Both answers are 413 with an empty body by
 * default; the two routes below, ahead of Quarkus' own (order -2), give them the same problem body as the
 * service's own size check, and close the connection so the rest of the body is never read. A multipart body the
 * parser cannot read at all is the client's mistake too: 400 (see {@link #malformedMultipart}).
 */
@ApplicationScoped
public class BodyLimitProblems {

    /** Before Quarkus' max-body-size route (order -2), the body handler and every resource. */
    static final int ORDER = -3;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;
    @Inject
    QuotaConfig quota;
    @Inject
    ObjectMapper json;
    @Inject
    CurrentVertxRequest current;

    void install(@Observes Router router) {
        long limit = maxBodySize.asLongValue();
        router.route().order(ORDER).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && parses(length) && Long.parseLong(length) > limit) {
                respond(context);
            } else {
                context.next();
            }
        });
        router.route().order(ORDER).failureHandler(context -> {
            boolean tooLarge = context.statusCode() == 413 || context.failure() instanceof WebApplicationException e
                    && e.getResponse().getStatus() == 413;
            if (tooLarge && !context.response().headWritten()) {
                respond(context);
            } else if (!tooLarge) {
                context.next();
            }
            // else: partTooLarge below has answered already (and closes the connection); nothing left to report
        });
    }

    /**
     * The multipart parser stops reading a part that passes the body limit and throws a bare 413 before any resource
     * method runs (a chunked body, whose size no header announced): answer it like the service's own size check. The
     * parser leaves the connection paused mid-body, so it is closed after the answer; kept open, the rest of the body
     * and every later request on it would wait forever. This mapper is ahead of the platform's for
     * WebApplicationException; anything but a 413 keeps the platform's mapping.
     */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response partTooLarge(WebApplicationException e, UriInfo uri) {
        ProblemMappers mappers = new ProblemMappers();
        if (e.getResponse().getStatus() != 413) {
            return mappers.webApplication(e, uri);
        }
        RoutingContext context = current.getCurrent();
        if (context != null) {
            context.addEndHandler(ended -> {
                if (context.request().connection() != null) {
                    context.request().connection().close();
                }
            });
        }
        return Response.fromResponse(mappers.problem(UploadIntake.tooLarge(quota.maxFileBytes()), uri))
                .header(HttpHeaders.CONNECTION.toString(), "close").build();
    }

    /**
     * A multipart body that ends before its closing boundary (cut off, or not multipart at all although it says so)
     * fails in the parser, before any resource method, with an IOException: the client's mistake, 400. Any other
     * IOException keeps the platform's mapping (500).
     */
    @ServerExceptionMapper
    public Response malformedMultipart(IOException e, UriInfo uri) {
        ProblemMappers mappers = new ProblemMappers();
        StackTraceElement[] where = e.getStackTrace();
        if (where.length > 0 && where[0].getClassName().startsWith("org.jboss.resteasy.reactive.server.core.multipart.")) {
            return mappers.problem(ProblemException.badRequest("the multipart body is malformed or ends before its "
                    + "closing boundary").with("field", "file"), uri);
        }
        return mappers.unexpected(e, uri);
    }

    private void respond(RoutingContext context) {
        Problem problem = UploadIntake.tooLarge(quota.maxFileBytes()).toProblem().withInstance(context.request().path());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (Exception e) {
            body = "{\"status\":413}";
        }
        context.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(v -> {
                    if (context.request().connection() != null) {
                        context.request().connection().close();
                    }
                })
                .end(body);
    }

    private static boolean parses(String length) {
        return length.length() <= 18 && length.chars().allMatch(Character::isDigit) && !length.isEmpty();
    }
}
