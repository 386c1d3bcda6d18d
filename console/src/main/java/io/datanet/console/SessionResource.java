package io.datanet.console;

import io.datanet.platform.api.Roles;
import io.datanet.platform.problem.ProblemException;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Signing in and out of the console, and what the web app needs to know before anyone signs in. */
@Path("/console")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    public record SessionView(String subject, String name, List<String> roles, Instant expiresAt) {
        static SessionView of(Viewer viewer) {
            return new SessionView(viewer.subject(), viewer.name(), List.copyOf(new TreeSet<>(viewer.roles())),
                    viewer.expiresAt());
        }
    }

    /**
     * What the web app needs before anyone signs in: whether it may offer development sign-in, and the name of the
     * identity provider to offer (null when the console takes tokens only).
     */
    public record ConsoleConfig(boolean devTokens, String identityProvider) {
    }

    public record SignIn(String token) {
    }

    public record DevSignIn(String name, String role) {
    }

    private final Sessions sessions;
    private final DevTokens devTokens;

    private final String identityProvider;

    SessionResource(Sessions sessions, DevTokens devTokens, ConsoleSettings settings,
                    @ConfigProperty(name = "quarkus.oidc.tenant-enabled") boolean providerSignIn) {
        this.sessions = sessions;
        this.devTokens = devTokens;
        this.identityProvider = providerSignIn ? settings.identityProvider() : null;
    }

    @GET
    @Path("/config")
    public ConsoleConfig config() {
        return new ConsoleConfig(devTokens.enabled(), identityProvider);
    }

    @GET
    @Path("/session")
    public Response session(@CookieParam(Sessions.COOKIE) String cookie) {
        return sessions.viewerOf(cookie)
                .map(viewer -> Response.ok(SessionView.of(viewer)).build())
                .orElseThrow(() -> ProblemException.unauthorized("not signed in"));
    }

    @POST
    @Path("/session")
    public Response signIn(SignIn request) {
        if (request == null || request.token() == null || request.token().isBlank()) {
            throw ProblemException.badRequest("token is required");
        }
        return sessions.verify(request.token())
                .map(this::signedIn)
                .orElseThrow(() -> ProblemException.unauthorized(
                        "the token is not valid here: wrong signature or issuer, malformed, or expired"));
    }

    @POST
    @Path("/dev-token")
    public Response devSignIn(DevSignIn request) {
        if (!devTokens.enabled()) {
            throw new ProblemException(404, "not-found", "Not Found", "dev tokens are disabled on this console");
        }
        if (request == null || request.name() == null || !DevTokens.NAME.matcher(request.name()).matches()) {
            throw ProblemException.unprocessable("name must be 1-64 letters, digits or . _ @ -");
        }
        if (request.role() == null || !Roles.ALL.contains(request.role())) {
            throw ProblemException.unprocessable("role must be one of contributor, validator, operator");
        }
        String token = devTokens.mint(request.name(), request.role());
        return signedIn(sessions.verify(token).orElseThrow(() -> new IllegalStateException(
                "a minted dev token does not verify: the dev-token key and mp.jwt.verify.publickey.location differ")));
    }

    @DELETE
    @Path("/session")
    public Response signOut() {
        return Response.noContent().cookie(sessions.expiredCookie()).build();
    }

    private Response signedIn(Viewer viewer) {
        return Response.ok(SessionView.of(viewer)).cookie(sessions.cookieFor(viewer)).build();
    }
}
