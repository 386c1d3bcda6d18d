package io.datanet.platform.testing;

import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Signed bearer tokens for tests, as {@code ./datanet token} makes them for people. */
public final class TestTokens {

    /** The audience every service expects ({@code mp.jwt.verify.audiences}). */
    public static final String AUDIENCE = "datanet";

    private TestTokens() {
    }

    public static String token(String subject, String... roles) {
        return Jwt.issuer("datanet").audience(AUDIENCE).subject(subject).upn(subject).groups(Set.of(roles))
                .expiresIn(Duration.ofHours(1)).sign(TestKeys.privateKey());
    }

    public static String contributor(String subject) {
        return token(subject, "contributor");
    }

    public static String validator(String subject) {
        return token(subject, "validator");
    }

    public static String operator(String subject) {
        return token(subject, "operator");
    }

    /** A token that expired an hour ago (signature valid). */
    public static String expired(String subject, String... roles) {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        return Jwt.issuer("datanet").audience(AUDIENCE).subject(subject).upn(subject).groups(Set.of(roles)).issuedAt(issued)
                .expiresAt(issued.plus(Duration.ofHours(1))).sign(TestKeys.privateKey());
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
