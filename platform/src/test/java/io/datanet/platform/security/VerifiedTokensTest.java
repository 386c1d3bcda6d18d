package io.datanet.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datanet.platform.testing.TestKeys;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** Remembering verified tokens changes nothing about which tokens are accepted: expiry and signatures still hold. */
class VerifiedTokensTest {

    private static VerifiedTokens parser() throws Exception {
        JWTAuthContextInfo context = new JWTAuthContextInfo(TestKeys.publicKeyPath().toString(), "datanet");
        context.setExpectedAudience(Set.of("datanet"));
        context.setClockSkew(0);
        return new VerifiedTokens(context);
    }

    private static String token(Instant expires) {
        return Jwt.issuer("datanet").audience("datanet").subject("alice").groups(Set.of("contributor"))
                .issuedAt(Instant.now().minusSeconds(5)).expiresAt(expires).sign(TestKeys.privateKey());
    }

    @Test
    void aTokenIsVerifiedOnceAndRememberedUntilItExpires() throws Exception {
        VerifiedTokens tokens = parser();
        String token = token(Instant.now().plusSeconds(2));
        JsonWebToken first = tokens.parse(token);
        assertEquals("alice", first.getSubject());
        assertSame(first, tokens.parse(token), "the second request is answered from memory");

        Thread.sleep(Math.max(0, first.getExpirationTime() * 1000 - System.currentTimeMillis()) + 1100);
        assertThrows(ParseException.class, () -> tokens.parse(token), "after exp it is verified again, and refused");
    }

    @Test
    void aForgedTokenIsRefusedEveryTime() throws Exception {
        VerifiedTokens tokens = parser();
        String token = token(Instant.now().plusSeconds(600));
        tokens.parse(token);
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "x" + parts[1].charAt(parts[1].length() - 1)
                + "." + parts[2];
        assertThrows(ParseException.class, () -> tokens.parse(forged));
        assertThrows(ParseException.class, () -> tokens.parse(forged));
    }
}
