package io.datanet.platform.security;

import io.datanet.platform.api.Roles;
import io.datanet.platform.api.TextInput;
import io.datanet.platform.problem.ProblemMappers;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What a verified token must also say before any endpoint sees its caller, on top of what smallrye-jwt checks from
 * the configuration (signature, issuer, audience, expiry, and a lifetime {@code exp - iat} within
 * {@code smallrye.jwt.time-to-live}): a {@code sub} that is an id ({@link TextInput#whyNotAnId}; resources store it
 * as contributor, owner and reviewer id), a {@code groups} claim with a known {@link Roles role}, and an {@code iat}
 * not in the future (beyond the allowed clock skew; else a token "issued" next year would pass the lifetime check
 * and live for as long as its maker likes). A token that breaks one is refused with 401 during authentication,
 * before the resource runs, so nothing is read or stored on its behalf.
 */
@ApplicationScoped
public class TokenRules implements SecurityIdentityAugmentor {

    @ConfigProperty(name = "smallrye.jwt.verify.clock.skew", defaultValue = "60")
    int clockSkewSeconds;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken jwt) {
            String why = whyNot(jwt.getSubject(), jwt.getGroups(), jwt.getIssuedAtTime(), Instant.now(),
                    Duration.ofSeconds(clockSkewSeconds));
            if (why != null) {
                return Uni.createFrom().failure(new AuthenticationFailedException(why, Map.of(ProblemMappers.BROKEN_TOKEN_RULE, why)));
            }
        }
        return Uni.createFrom().item(identity);
    }

    /** Why a token with these claims is not acceptable at {@code now}, or null when it is. */
    public static String whyNot(String subject, Set<String> groups, long issuedAtSeconds, Instant now, Duration skew) {
        if (subject == null) {
            return "the token has no sub claim";
        }
        String why = TextInput.whyNotAnId(subject);
        if (why != null) {
            return "the token's sub " + why;
        }
        if (!Roles.anyKnown(groups)) {
            return "the token's groups claim names none of the roles " + String.join(", ", Roles.ALL.stream().sorted().toList());
        }
        if (Instant.ofEpochSecond(issuedAtSeconds).isAfter(now.plus(skew))) {
            return "the token's iat is in the future";
        }
        return null;
    }
}
