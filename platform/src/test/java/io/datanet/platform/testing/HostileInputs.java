package io.datanet.platform.testing;

import static io.datanet.platform.testing.RawHttp.bearer;

import io.smallrye.jwt.build.Jwt;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The hostile inputs the abuse tables are made of: ids that are not ids, tokens that must not authenticate or that
 * break the platform's token rules, random and repeated bytes, deeply nested JSON.
 */
public final class HostileInputs {

    private static final Random RANDOM = new Random(20261125);

    private HostileInputs() {
    }

    /**
     * Path segments that are not ids, percent-encoded as sent, and the answer a lookup by such an id gets: 400 for
     * control characters (NUL, CR LF: refused before any lookup), 404 for the rest (traversal through encoded
     * slashes, SQL, a right-to-left override and an emoji, an overlong UTF-8 '/', 3,000 characters).
     */
    public static Map<String, Integer> oddIds() {
        Map<String, Integer> ids = new LinkedHashMap<>();
        ids.put("%00", 400);
        ids.put("%0D%0AX-Injected:%201", 400);
        ids.put("..%2F..%2F..%2Fetc%2Fpasswd", 404);
        ids.put("x'%20OR%20'1'%3D'1", 404);
        ids.put("%E2%80%AE%F0%9F%92%A5", 404);
        ids.put("%C0%AF", 404);
        ids.put("a".repeat(3000), 404);
        return ids;
    }

    /**
     * {@code Authorization} headers that must not authenticate anyone: none, not a JWT, the Basic scheme, an
     * unsigned token (alg none), another key's signature, claims edited after signing, an expired token, another
     * issuer, and HS256 keyed with the service's public key (algorithm confusion). The forged ones claim
     * {@code subject} with every role.
     */
    public static Map<String, String> forgedAuthorizations(String subject) throws Exception {
        Set<String> allRoles = Set.of("contributor", "validator", "operator");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no token", null);
        tokens.put("a malformed token", "Bearer not.a.jwt");
        tokens.put("a Basic header", "Basic " + Base64.getEncoder().encodeToString((subject + ":secret")
                .getBytes(StandardCharsets.UTF_8)));
        long now = Instant.now().getEpochSecond();
        String claims = base64Url("{\"iss\":\"datanet\",\"aud\":\"datanet\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject
                + "\",\"groups\":[\"contributor\",\"validator\",\"operator\"],\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}");
        tokens.put("an unsigned token (alg none)", "Bearer " + base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + claims + ".");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey stranger = generator.generateKeyPair().getPrivate();
        tokens.put("a token signed by another key", bearer(Jwt.issuer("datanet").audience(TestTokens.AUDIENCE).subject(subject).upn(subject)
                .groups(allRoles).expiresIn(Duration.ofHours(1)).sign(stranger)));
        String[] genuine = TestTokens.contributor(subject).split("\\.");
        tokens.put("a token whose claims were edited after signing", "Bearer " + genuine[0] + "." + claims + "." + genuine[2]);
        tokens.put("an expired token", bearer(TestTokens.expired(subject, "contributor", "validator", "operator")));
        tokens.put("a token from another issuer", bearer(Jwt.issuer("someone-else").audience(TestTokens.AUDIENCE).subject(subject).upn(subject)
                .groups(allRoles).expiresIn(Duration.ofHours(1)).sign(TestKeys.privateKey())));
        tokens.put("an HS256 token keyed with the public key", bearer(Jwt.issuer("datanet").audience(TestTokens.AUDIENCE).subject(subject).upn(subject)
                .groups(allRoles).expiresIn(Duration.ofHours(1)).signWithSecret(Files.readString(TestKeys.publicKeyPath()))));
        return tokens;
    }

    /**
     * {@code Authorization} headers with tokens signed by the right key and issuer whose claims break the platform's
     * token rules (platform's TokenRules and the smallrye-jwt settings beside it): no role, or an unknown one; no
     * audience or another one; a lifetime of 100 years or just over the 24 h bound; issued in the future, or with no
     * {@code iat}; a {@code sub} that is missing (only {@code upn}), empty, too long or not an id (NUL, CR LF, a
     * right-to-left override, a slash). Each must be 401, never 500, and store nothing.
     */
    public static Map<String, String> tokensBreakingTheRules(String subject) {
        long now = Instant.now().getEpochSecond();
        String roles = "\"groups\":[\"contributor\",\"validator\",\"operator\"]";
        String hour = "\"iat\":" + now + ",\"exp\":" + (now + 3600);
        String sub = "\"sub\":\"" + subject + "\"";
        String aud = "\"aud\":\"datanet\"";
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("a token without groups", signed(sub, aud, hour));
        tokens.put("a token with groups [\"admin\"]", signed(sub, aud, hour, "\"groups\":[\"admin\"]"));
        tokens.put("a token with groups []", signed(sub, aud, hour, "\"groups\":[]"));
        tokens.put("a token without aud", signed(sub, roles, hour));
        tokens.put("a token for another audience", signed(sub, roles, hour, "\"aud\":\"someone-else\""));
        tokens.put("a token living 100 years", signed(sub, aud, roles, "\"iat\":" + now + ",\"exp\":" + (now + 100L * 365 * 86400)));
        tokens.put("a token living 25 hours", signed(sub, aud, roles, "\"iat\":" + now + ",\"exp\":" + (now + 25 * 3600)));
        tokens.put("a token issued a year from now", signed(sub, aud, roles,
                "\"iat\":" + (now + 365 * 86400) + ",\"exp\":" + (now + 365 * 86400 + 3600)));
        tokens.put("a token without iat", signed(sub, aud, roles, "\"exp\":" + (now + 3600)));
        tokens.put("a token without sub (upn only)", signed("\"upn\":\"" + subject + "\"", aud, roles, hour));
        tokens.put("a token with an empty sub", signed("\"sub\":\"\"", aud, roles, hour));
        tokens.put("a token whose sub holds NUL", signed("\"sub\":\"" + subject + "\\u0000x\"", aud, roles, hour));
        tokens.put("a token whose sub holds CR LF", signed("\"sub\":\"" + subject + "\\r\\nX-Injected: 1\"", aud, roles, hour));
        tokens.put("a token whose sub holds U+202E", signed("\"sub\":\"\\u202e" + subject + "\"", aud, roles, hour));
        tokens.put("a token whose sub holds a slash", signed("\"sub\":\"../" + subject + "\"", aud, roles, hour));
        tokens.put("a token whose sub is 3,000 characters", signed("\"sub\":\"" + "s".repeat(3000) + "\"", aud, roles, hour));
        return tokens;
    }

    /** A bearer token of these JSON members (and the issuer "datanet"), signed RS256 with the test key. */
    private static String signed(String... members) {
        String header = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String claims = base64Url("{\"iss\":\"datanet\"," + String.join(",", members) + "}");
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(TestKeys.privateKey());
            rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return bearer(header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Seeded random bytes starting with a NUL, so certainly not text. */
    public static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        synchronized (RANDOM) {
            RANDOM.nextBytes(bytes);
        }
        bytes[0] = 0;
        return bytes;
    }

    public static byte[] filled(int n) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) 'a');
        return bytes;
    }

    /** {@code depth} nested JSON arrays. */
    public static String nestedArrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** {@code depth} nested JSON objects. */
    public static String nestedObjects(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }


    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
