package io.datanet.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves the services as RFC 9457 problem JSON with the right status: client mistakes as 4xx with a
 * clear detail, unexpected failures as a 500 that names no internals (the log has them).
 */
public class ProblemMappers {

    /**
     * The attribute of an {@link AuthenticationFailedException} naming the rule a signed token broke (platform's
     * {@code TokenRules} sets it): the 401 problem's detail, since the claims are the caller's own and naming the rule
     * tells them nothing new.
     */
    public static final String BROKEN_TOKEN_RULE = "datanet.token-rule";
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = e.toResponse();
        return Response.fromResponse(response).entity(e.toProblem().withInstance(uri.getPath())).build();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    /** A signed token that breaks one of the platform's claim rules says which in the detail. */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        String brokenRule = e.getAttribute(BROKEN_TOKEN_RULE);
        return brokenRule == null ? unauthenticated(uri)
                : unauthenticated(uri, "the bearer token is not accepted: " + brokenRule);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem("forbidden", "Forbidden", 403, "your role does not allow this", uri.getPath(), null));
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e, UriInfo uri) {
        return respond(new Problem("malformed-json", "Bad Request", 400,
                "request body is not valid JSON for this endpoint: " + e.getOriginalMessage(), uri.getPath(), null));
    }

    /**
     * JSON of the wrong shape (an array, a number or null where an object belongs, an unknown enum constant): ahead of
     * Quarkus' own mapper for this subclass, which answers without a problem body.
     */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return badJson(e, uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e instanceof NotFoundException && e.getCause() instanceof IllegalArgumentException cause) {
            // Jakarta REST answers a query or path parameter that does not convert (page=abc) with 404: it is a 400.
            return respond(new Problem("bad-request", "Bad Request", 400,
                    "a query or path parameter does not have the right type: " + cause.getMessage(), uri.getPath(), null));
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            LOG.errorf(e, "server error on %s", uri.getPath());
        }
        Response.ResponseBuilder builder = Response.status(status.getStatusCode()).type(Problem.MEDIA_TYPE)
                .entity(new Problem(Problem.slugOf(status), status.getReasonPhrase(), status.getStatusCode(),
                        status.getStatusCode() >= 500 ? "unexpected server error" : e.getMessage(), uri.getPath(), null));
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name)) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        if (e instanceof NotAllowedException && !e.getResponse().getHeaders().containsKey("Allow")) {
            // Quarkus REST throws its 405 without the Allow header the status requires
            Set<String> allowed = AllowedMethods.of(uri.getPath());
            if (!allowed.isEmpty()) {
                builder.allow(allowed);
            }
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "unexpected error on %s", uri.getPath());
        return respond(new Problem("internal-server-error", "Internal Server Error", 500,
                "unexpected server error", uri.getPath(), null));
    }

    private static Response unauthenticated(UriInfo uri) {
        return unauthenticated(uri, "a valid bearer token is required");
    }

    private static Response unauthenticated(UriInfo uri, String detail) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(new Problem("unauthorized", "Unauthorized", 401, detail, uri.getPath(), null)).build();
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.getStatus()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
