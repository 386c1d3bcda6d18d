package io.datanet.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The console's configuration ({@code datanet.console.*}). */
@ConfigMapping(prefix = "datanet.console")
public interface ConsoleSettings {

    /** Base URL of each service the console forwards to, by the short name used in {@code /svc/<name>/...}. */
    Map<String, URI> services();

    DevTokens devTokens();

    /**
     * What the sign-in page calls the identity provider on its button, when the console signs people in through one
     * ({@code quarkus.oidc.tenant-enabled}).
     */
    @WithDefault("your organisation's sign-in")
    String identityProvider();

    Session session();

    /** How long a forwarded request may take end to end (uploads of a few MB included). */
    @WithDefault("120s")
    Duration proxyTimeout();

    /** An SSE comment is sent this often so proxies and browsers keep an idle stream open. */
    @WithDefault("15s")
    Duration heartbeat();

    interface DevTokens {
        /** Lets anyone sign in as any name and role: for local runs and tests only, never in production. */
        @WithDefault("false")
        boolean enabled();

        /** PEM (PKCS#8) private key the services' verification key belongs to. */
        Optional<String> privateKeyLocation();

        /**
         * The key id the verifiers know that key by, when they read a key set (./datanet up: the local Keycloak
         * realm's id for it); tokens then name it in their {@code kid} header.
         */
        Optional<String> keyId();

        @WithDefault("8h")
        Duration ttl();
    }

    interface Session {
        /** Set behind TLS (production), so the cookie never travels in clear text. */
        @WithDefault("false")
        boolean secureCookie();
    }
}
