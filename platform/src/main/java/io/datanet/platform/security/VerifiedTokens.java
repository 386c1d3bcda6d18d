package io.datanet.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Duration;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * smallrye-jwt's parser, remembering the tokens it verified: a client sends the same bearer token with every request,
 * and verifying it each time (an RSA signature check and the claims parsed from JSON) was about 5% of
 * upload-service's CPU in the pipeline benchmark. A remembered token is used only until its {@code exp}; after that
 * it is verified again, so expiry and the allowed clock skew are judged exactly as before. The cost: a token stays
 * accepted for up to {@link #KEPT} after the verification key it was signed with is withdrawn.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens extends DefaultJWTParser {

    /** How long a verified token is remembered at most. */
    static final Duration KEPT = Duration.ofMinutes(5);

    private final Cache<String, JsonWebToken> verified = Caffeine.newBuilder()
            .maximumSize(20_000)
            .expireAfterWrite(KEPT)
            .build();

    public VerifiedTokens() {
    }

    /** Outside CDI (tests): verifying with {@code context}'s key and rules. */
    VerifiedTokens(JWTAuthContextInfo context) {
        super(context);
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken remembered = verified.getIfPresent(token);
        if (remembered != null && System.currentTimeMillis() / 1000 < remembered.getExpirationTime()) {
            return remembered;
        }
        JsonWebToken jwt = super.parse(token);
        verified.put(token, jwt);
        return jwt;
    }
}
