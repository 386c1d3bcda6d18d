package io.datanet.console;

import io.datanet.platform.api.Roles;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A console session is the user's JWT kept in an HttpOnly cookie: scripts in the page never see the token, the
 * browser sends it only to this origin (SameSite=Strict also stops cross-site request forgery), and the console
 * adds it as a bearer token when it forwards a request. Tokens are verified exactly as the services verify them
 * (same issuer and key), so the console accepts no token a service would refuse.
 */
@ApplicationScoped
public class Sessions {

    /** What platform's TextInput.whyNotAnId accepts as the id of a person. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._@|:+-]{1,128}");
    /** smallrye-jwt's default clock skew, which the services allow on iat too. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    /** Fixed (JAX-RS reads it by name); one console origin has one session. */
    public static final String COOKIE = "datanet_session";

    private final JWTParser parser;
    private final ConsoleSettings settings;

    Sessions(JWTParser parser, ConsoleSettings settings) {
        this.parser = parser;
        this.settings = settings;
    }

    /** Verifies a token (signature, issuer, audience, lifetime, claims); empty if the services would refuse it. */
    public Optional<Viewer> verify(String token) {
        if (token == null || token.isBlank() || token.length() > 8192) {
            return Optional.empty();
        }
        try {
            JsonWebToken jwt = parser.parse(token.trim());
            if (!acceptable(jwt, Instant.now())) {
                return Optional.empty();
            }
            Set<String> roles = Set.copyOf(jwt.getGroups());
            return Optional.of(new Viewer(jwt.getSubject(), jwt.getName(), roles,
                    Instant.ofEpochSecond(jwt.getExpirationTime()), token.trim()));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The claim rules of platform's TokenRules, which the services apply to every token (the parser has already
     * checked signature, issuer, audience, expiry and lifetime, from the same settings): a {@code sub} that is an id,
     * a known role in {@code groups}, an {@code iat} not in the future. Repeated here because the console does not
     * depend on platform (its configuration would give the console a database); the console's tests sign in with
     * platform's table of tokens that break these rules, so the two cannot drift apart unnoticed.
     */
    static boolean acceptable(JsonWebToken jwt, Instant now) {
        return jwt.getSubject() != null && ID.matcher(jwt.getSubject()).matches()
                && jwt.getGroups() != null && jwt.getGroups().stream().anyMatch(Roles.ALL::contains)
                && !Instant.ofEpochSecond(jwt.getIssuedAtTime()).isAfter(now.plus(CLOCK_SKEW));
    }

    /** The signed-in viewer of a request, from its session cookie. */
    public Optional<Viewer> viewerOf(HttpServerRequest request) {
        Cookie cookie = request.getCookie(COOKIE);
        return cookie == null ? Optional.empty() : verify(cookie.getValue());
    }

    /** The viewer of a request whose session cookie JAX-RS already read. */
    public Optional<Viewer> viewerOf(String cookieValue) {
        return verify(cookieValue);
    }

    public NewCookie cookieFor(Viewer viewer) {
        long maxAge = Math.max(0, viewer.expiresAt().getEpochSecond() - Instant.now().getEpochSecond());
        return cookie(viewer.token(), (int) Math.min(Integer.MAX_VALUE, maxAge));
    }

    public NewCookie expiredCookie() {
        return cookie("", 0);
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(COOKIE)
                .value(value)
                .path("/")
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT)
                .secure(settings.session().secureCookie())
                .maxAge(maxAge)
                .build();
    }
}
