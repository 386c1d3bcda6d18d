package io.datanet.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Keycloak, the OpenID Connect provider of {@code ./datanet up}, as a test's own process on a free loopback port:
 * the server distribution {@code deploy/local/keycloak.sh} resolves, run by that script (in-memory database, realm
 * {@code datanet} imported from {@code deploy/local/keycloak/datanet-realm.json}). What a test does to it, it does
 * through Keycloak's own admin REST API, as an operator would: add people, a second realm, a new signing key.
 */
public final class IdentityProviderProcess implements AutoCloseable {

    /** The realm the project's scripts import; its issuer is what the services are told to trust. */
    public static final String REALM = "datanet";
    /** The realm's public client with the password grant (what {@code ./datanet token} uses). */
    public static final String CLI_CLIENT = "datanet-cli";
    /** The console's confidential client and its local secret, from the realm file. */
    public static final String CONSOLE_CLIENT = "datanet-console";
    public static final String CONSOLE_SECRET = "datanet-console-local-client-secret";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final Path log;
    private final Process process;
    private final String adminPassword;

    private IdentityProviderProcess(int port, Path log, Process process, String adminPassword) {
        this.port = port;
        this.log = log;
        this.process = process;
        this.adminPassword = adminPassword;
    }

    /** Starts Keycloak and returns once realm {@value #REALM} serves its discovery document. */
    public static IdentityProviderProcess start() {
        IdentityProviderProcess provider = launch();
        provider.awaitReady();
        return provider;
    }

    /**
     * Starts Keycloak and returns at once: its issuer is known, so what trusts it can start meanwhile (verifiers
     * fetch its keys at their first token); {@link #awaitReady()} before anything talks to it.
     */
    public static IdentityProviderProcess launch() {
        Path script = BrokerProcess.projectRoot().resolve("deploy/local/keycloak.sh");
        Path home = Path.of(ChildProcesses.scriptOutput(script, "home"));
        int port = ChildProcesses.freePort();
        Path log = Path.of("target", "keycloak", "keycloak-" + System.nanoTime() + ".log").toAbsolutePath();
        try {
            String adminPassword = Files.readString(home.resolveSibling("admin-password")).strip();
            Files.createDirectories(log.getParent());
            // Under setsid: kc.sh runs Keycloak's JVM as its child, and both must go when the test ends or dies.
            Process process = ChildProcesses.groupDiesWithThisJvm(new ProcessBuilder(
                    List.of("setsid", "bash", script.toString(), "run", String.valueOf(port)))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start());
            return new IdentityProviderProcess(port, log, process, adminPassword);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The issuer of realm {@value #REALM}'s tokens (also its OIDC discovery base). */
    public String issuer() {
        return issuer(REALM);
    }

    public String issuer(String realm) {
        return "http://127.0.0.1:" + port + "/realms/" + realm;
    }

    /** The realm's JSON Web Key Set, where verifiers find its current signing keys. */
    public String jwksUri() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    /** An access token for {@code username} from {@code realm}'s command-line client (password grant). */
    public String accessToken(String realm, String username, String password) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(issuer(realm)
                        + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form(Map.of("grant_type", "password", "client_id", CLI_CLIENT, "username", username,
                        "password", password, "scope", "openid"))));
        return read(expect(200, response, "token for " + username)).path("access_token").asText();
    }

    /** Adds a person to {@code realm} with a password and, when {@code group} is not null, that group (a role). */
    public String addUser(String realm, String username, String password, String group) {
        ObjectNode user = JSON.createObjectNode().put("username", username).put("enabled", true)
                .put("firstName", username).put("lastName", "Tester").put("email", username + "@datanet.test")
                .put("emailVerified", true);
        user.putArray("credentials").addObject().put("type", "password").put("value", password)
                .put("temporary", false);
        if (group != null) {
            user.putArray("groups").add("/" + group);
        }
        HttpResponse<String> created = admin("POST", "/admin/realms/" + realm + "/users", user.toString());
        expect(201, created, "add user " + username);
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Makes a realm from a realm representation (Keycloak's import format). */
    public void addRealm(JsonNode representation) {
        expect(201, admin("POST", "/admin/realms", representation.toString()), "add realm");
    }

    /** The representation of the project's realm file, for a test to derive another realm from. */
    public static ObjectNode realmFile() {
        try {
            return (ObjectNode) JSON.readTree(BrokerProcess.projectRoot()
                    .resolve("deploy/local/keycloak/datanet-realm.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rotates {@code realm}'s signing key as an operator would: a new generated RSA key of higher priority becomes
     * the one tokens are signed with, and the old one stays published so tokens signed before still verify.
     */
    public void rotateSigningKey(String realm) {
        String realmId = read(expect(200, admin("GET", "/admin/realms/" + realm, null), "read realm"))
                .path("id").asText();
        ObjectNode component = JSON.createObjectNode().put("name", "rotated-" + System.nanoTime())
                .put("providerId", "rsa-generated").put("providerType", "org.keycloak.keys.KeyProvider")
                .put("parentId", realmId);
        ObjectNode config = component.putObject("config");
        config.putArray("priority").add("1000");
        config.putArray("keySize").add("2048");
        config.putArray("algorithm").add("RS256");
        config.putArray("active").add("true");
        config.putArray("enabled").add("true");
        expect(201, admin("POST", "/admin/realms/" + realm + "/components", component.toString()), "add key");
    }

    /** The key id ({@code kid}) a token's header names. */
    public static String keyIdOf(String token) {
        String header = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);
        return read(header).path("kid").asText();
    }

    private HttpResponse<String> admin(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + adminToken())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request);
    }

    /** The bootstrap admin's token (master realm); short-lived, so fetched for each call. */
    private String adminToken() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(issuer("master")
                        + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form(Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin",
                        "password", adminPassword))));
        return read(expect(200, response, "admin token")).path("access_token").asText();
    }

    /** Returns once realm {@value #REALM} serves its discovery document; stops Keycloak if it never does. */
    public void awaitReady() {
        ChildProcesses.awaitReady("Keycloak", process, log, READY_TIMEOUT, () -> send(HttpRequest.newBuilder(
                URI.create(issuer() + "/.well-known/openid-configuration")).GET()).statusCode() == 200, this::close);
    }

    private static HttpRequest.BodyPublisher form(Map<String, String> fields) {
        return HttpRequest.BodyPublishers.ofString(fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        return ChildProcesses.send(request, Duration.ofSeconds(30));
    }

    private static String expect(int status, HttpResponse<String> response, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("Keycloak: " + what + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops Keycloak and its launcher (the whole process group). */
    @Override
    public void close() {
        try {
            new ProcessBuilder("kill", "-TERM", "--", "-" + process.pid()).start().waitFor();
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ChildProcesses.awaitExit(process);
    }
}
