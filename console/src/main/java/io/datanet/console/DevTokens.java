package io.datanet.console;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Mints tokens for any name and role when dev tokens are enabled: the console's stand-in for an identity provider
 * on a developer's machine, signed with the same local key {@code ./datanet token} uses.
 */
@ApplicationScoped
public class DevTokens {

    /** The same names {@code ./datanet token} accepts, which are also safe in URLs and logs. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final ConsoleSettings settings;
    /** Minted for the issuer and audience the console and the services verify, whatever they are configured to. */
    private final String issuer;
    private final Set<String> audiences;
    private volatile PrivateKey key;

    DevTokens(ConsoleSettings settings, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
              @ConfigProperty(name = "mp.jwt.verify.audiences") Set<String> audiences) {
        this.settings = settings;
        this.issuer = issuer;
        this.audiences = audiences;
    }

    public boolean enabled() {
        return settings.devTokens().enabled() && settings.devTokens().privateKeyLocation().isPresent();
    }

    public String mint(String name, String role) {
        var signature = Jwt.issuer(issuer)
                .audience(audiences)
                .subject(name)
                .upn(name)
                .groups(Set.of(role))
                .expiresIn(settings.devTokens().ttl())
                .jws();
        settings.devTokens().keyId().ifPresent(signature::keyId);
        return signature.sign(privateKey());
    }

    private PrivateKey privateKey() {
        if (key == null) {
            String location = settings.devTokens().privateKeyLocation().orElseThrow();
            try {
                String pem = Files.readString(Path.of(location.replaceFirst("^file:", "")))
                        .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
                key = KeyFactory.getInstance("RSA")
                        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the dev-token key " + location, e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the dev-token key " + location + " is not a PKCS#8 RSA key", e);
            }
        }
        return key;
    }
}
