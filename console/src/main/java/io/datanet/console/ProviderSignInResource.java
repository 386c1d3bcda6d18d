package io.datanet.console;

import io.datanet.platform.problem.ProblemException;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.OidcSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signing in through the identity provider. quarkus-oidc runs the OpenID Connect authorization code flow with PKCE
 * on {@code /console/oidc/sign-in} (the HTTP permission {@code provider-sign-in} sends a visitor without a session
 * to the provider and takes the code back); this resource then turns the provider's access token into the console
 * session, the same HttpOnly cookie a pasted token gives, and drops quarkus-oidc's own session. The console so keeps
 * one kind of session and forwards the one token the services verify, and signs in no one the services would refuse
 * (a person without a Datanet role comes back to the sign-in page with the reason).
 */
@Path("/console/oidc")
public class ProviderSignInResource {

    /**
     * The provider's ID token, kept (HttpOnly, for this path only) to name the session at sign-out: with it the
     * provider ends the session at once instead of asking the person to confirm.
     */
    static final String ID_TOKEN_COOKIE = "datanet_id_token";
    private static final String ID_TOKEN_PATH = "/console/oidc";

    /** Where the app may send a visitor after sign-in: a path of its own (a hash route), never another origin. */
    private static final Pattern NEXT = Pattern.compile("/(?!/)[A-Za-z0-9/_.~?=&%:+-]{0,500}");

    private final Sessions sessions;
    private final SecurityIdentity identity;
    private final Instance<OidcSession> oidcSession;
    private final Instance<OidcConfigurationMetadata> provider;
    private final boolean enabled;
    private final String clientId;
    private final boolean secureCookie;

    ProviderSignInResource(Sessions sessions, SecurityIdentity identity, Instance<OidcSession> oidcSession,
                           Instance<OidcConfigurationMetadata> provider,
                           @ConfigProperty(name = "quarkus.oidc.tenant-enabled") boolean enabled,
                           @ConfigProperty(name = "quarkus.oidc.client-id") Optional<String> clientId,
                           ConsoleSettings settings) {
        this.sessions = sessions;
        this.identity = identity;
        this.oidcSession = oidcSession;
        this.provider = provider;
        this.enabled = enabled;
        this.clientId = clientId.orElse("");
        this.secureCookie = settings.session().secureCookie();
    }

    @GET
    @Path("/sign-in")
    public Uni<Response> signIn(@QueryParam("next") String next) {
        if (!enabled) {
            return Uni.createFrom().item(notConfigured());
        }
        AccessTokenCredential token = identity.isAnonymous() ? null : identity.getCredential(AccessTokenCredential.class);
        Optional<Viewer> viewer = token == null ? Optional.empty() : sessions.verify(token.getToken());
        IdTokenCredential idToken = identity.isAnonymous() ? null : identity.getCredential(IdTokenCredential.class);
        Response answer = viewer.map(signedIn -> signedIn(signedIn, idToken, next))
                .orElseGet(() -> Response.seeOther(URI.create("/#/signin?refused=no-role")).build());
        // The console session now holds the token; quarkus-oidc's session cookie would only be a second copy.
        return oidcSession.get().logout().replaceWith(answer);
    }

    private Response signedIn(Viewer viewer, IdTokenCredential idToken, String next) {
        NewCookie session = sessions.cookieFor(viewer);
        URI page = URI.create("/#" + (next != null && NEXT.matcher(next).matches() ? next : "/"));
        return Response.seeOther(page)
                .cookie(session, idTokenCookie(idToken == null ? "" : idToken.getToken(), session.getMaxAge()))
                .build();
    }

    /**
     * Ends the console session and the provider's single sign-on session (RP-initiated logout), so the next
     * visitor to the sign-in page meets the provider's login form rather than the previous person's session.
     */
    @GET
    @Path("/sign-out")
    public Response signOut(@Context UriInfo uri, @CookieParam(ID_TOKEN_COOKIE) String idToken) {
        if (!enabled) {
            return notConfigured();
        }
        String endSession = provider.get().getEndSessionUri();
        UriBuilder target = endSession == null ? publicRoot(uri).fragment("/signin") : UriBuilder.fromUri(endSession)
                .queryParam("client_id", clientId)
                .queryParam("post_logout_redirect_uri", publicRoot(uri).build());
        if (endSession != null && idToken != null && !idToken.isBlank()) {
            target.queryParam("id_token_hint", idToken);
        }
        return Response.seeOther(target.build()).cookie(sessions.expiredCookie(), idTokenCookie("", 0)).build();
    }

    /** The console's own root as the browser reaches it: https behind the TLS-terminating ingress. */
    private UriBuilder publicRoot(UriInfo uri) {
        UriBuilder root = uri.getBaseUriBuilder().replacePath("/");
        return secureCookie ? root.scheme("https") : root;
    }

    private NewCookie idTokenCookie(String value, int maxAge) {
        return new NewCookie.Builder(ID_TOKEN_COOKIE).value(value).path(ID_TOKEN_PATH).httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).secure(secureCookie).maxAge(maxAge).build();
    }

    private static Response notConfigured() {
        return new ProblemException(404, "not-found", "Not Found", "this console signs in with tokens only: "
                + "no identity provider is configured (quarkus.oidc.tenant-enabled)").toResponse();
    }
}
