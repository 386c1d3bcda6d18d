package io.datanet.demo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs the personas' JWTs with the platform's local key (the one {@code ./datanet token} uses, made by
 * {@code ./datanet up} under .datanet/jwt, which the local Keycloak realm also signs with): RS256, the given issuer
 * and key id (the realm's; {@code ./datanet demo} passes them), audience "datanet", the role in {@code groups},
 * valid for 4 hours (the services accept at most 24).
 */
public final class Tokens {

    private final PrivateKey key;
    private final String issuer;
    private final String keyId;

    public Tokens(Path privateKeyPem, String issuer, String keyId) throws Exception {
        String pem = Files.readString(privateKeyPem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        this.issuer = issuer;
        this.keyId = keyId;
    }

    public String token(String subject, String role) throws Exception {
        long now = Instant.now().getEpochSecond();
        String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + keyId + "\"}");
        String payload = b64("{\"iss\":\"" + issuer + "\",\"aud\":\"datanet\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject
                + "\",\"groups\":[\"" + role + "\"],\"iat\":" + now + ",\"exp\":" + (now + 4 * 3600) + "}");
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
