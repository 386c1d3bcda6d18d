package io.datanet.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datanet.events.KafkaAccess;
import io.datanet.platform.testing.IdentityProviderProcess;
import io.datanet.platform.testing.IsolatedEnvironment;
import io.datanet.platform.testing.ServiceProcess;
import io.datanet.platform.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Signing in through a real OpenID Connect provider: Keycloak (the project's realm, started by its script) as the
 * only issuer upload-service and the console trust, through its key set. In the browser a contributor signs in on
 * Keycloak's login page (authorization code flow with PKCE), lands on the page she asked for, and acts through the
 * console as the person the provider says she is; signing out also ends her session at the provider; a person the
 * provider knows but who holds no Datanet role is turned away with the reason. Over the API: a key rotated at the
 * provider is trusted without a restart, and tokens from any other issuer (another realm of the same server, the
 * test suite's own signing key) are refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProviderSignInIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static IdentityProviderProcess provider;
    private static IsolatedEnvironment environment;
    private static ServiceProcess upload;
    private static ServiceProcess console;
    private static Browser chromium;

    @BeforeAll
    static void startProviderPlatformAndBrowser() {
        // Keycloak takes the longest to start; upload-service needs it only for its first token, so starts meanwhile.
        provider = IdentityProviderProcess.launch();
        environment = IsolatedEnvironment.create();
        String issuer = provider.issuer();
        Map<String, String> uploadConfig = new HashMap<>(environment.config(Service.UPLOAD.module()));
        uploadConfig.putAll(trust(issuer));
        upload = ServiceProcess.start(Service.UPLOAD.module(), Service.UPLOAD.jar(), uploadConfig,
                new ArrayList<>(Service.UPLOAD.jvmOptions()));
        chromium = Browser.start("provider-");
        provider.awaitReady();   // the console reads the provider's discovery document as it starts
        Map<String, String> consoleConfig = new HashMap<>(trust(issuer));
        consoleConfig.put("kafka.bootstrap.servers", IsolatedEnvironment.KAFKA);
        consoleConfig.putAll(environment.kafkaSignIn(KafkaAccess.CONSOLE));
        consoleConfig.put("datanet.kafka.topic-prefix", environment.prefix());
        consoleConfig.put("datanet.console.services.upload", upload.url());
        consoleConfig.put("OIDC_SIGN_IN", "true");
        consoleConfig.put("OIDC_CLIENT_ID", IdentityProviderProcess.CONSOLE_CLIENT);
        consoleConfig.put("OIDC_CLIENT_SECRET", IdentityProviderProcess.CONSOLE_SECRET);
        consoleConfig.put("OIDC_PROVIDER_NAME", "Keycloak");
        console = ServiceProcess.start("console", java.nio.file.Path.of("..", "console", "target", "quarkus-app",
                "quarkus-run.jar"), consoleConfig, new ArrayList<>());
    }

    /**
     * What a service or the console needs to trust the provider alone: its issuer and its key set (over the
     * environment's test key). The console also finds the provider for sign-in at JWT_ISSUER.
     */
    private static Map<String, String> trust(String issuer) {
        return Map.of("mp.jwt.verify.issuer", issuer, "JWT_ISSUER", issuer,
                "mp.jwt.verify.publickey.location", issuer + "/protocol/openid-connect/certs");
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable running : new AutoCloseable[] {chromium, console, upload, provider, environment}) {
            try {
                if (running != null) {
                    running.close();
                }
            } catch (Exception e) {
                // stop the rest regardless
            }
        }
    }

    @Test
    @Order(1)
    void aContributorSignsInAtTheProviderAndActsAsTheProviderSaysSheIs() throws Exception {
        var browser = chromium.driver();
        browser.get(console.url() + "/#/datanets");
        chromium.awaitPage("signin");
        WebElement signIn = chromium.element("provider-signin");
        assertEquals("Sign in with Keycloak", signIn.getText());
        chromium.shot("01-signin");
        signIn.click();

        signInAtProvider("olivia", "olivia-local");
        chromium.awaitPage("datanets");
        chromium.await(() -> chromium.element("whoami").getText().contains("olivia") ? true : null);
        chromium.shot("02-signed-in");
        assertEquals(0L, chromium.script("return localStorage.length + sessionStorage.length"),
                "nothing in the browser's storage");

        // The console's session is the provider's access token: the subject is the provider's id for her, and
        // upload-service, which trusts only the provider, makes her the owner of what she creates.
        JsonNode session = fetch("GET", "/console/session", null).path("body");
        String subject = session.path("subject").asText();
        assertEquals("olivia", session.path("name").asText());
        assertNotEquals("olivia", subject, "Keycloak's subject is its own opaque id");
        ObjectNode datanet = JSON.createObjectNode().put("name", "Signed-in kitchen").put("description",
                "recipes written by people who signed in at the provider").put("reviewMode", "auto");
        datanet.putArray("tags").add("cooking");
        datanet.putArray("fileTypes").add("jsonl");
        JsonNode created = fetch("POST", "/svc/upload/api/datanets", datanet.toString());
        assertEquals(201, created.path("status").asInt(), created.toString());
        assertEquals(subject, created.path("body").path("ownerId").asText());

        // Signing out ends the provider's session too: the next sign-in meets the login form again.
        chromium.click("signout");
        chromium.awaitPage("signin");
        assertEquals(401, fetch("GET", "/console/session", null).path("status").asInt());
        chromium.click("provider-signin");
        chromium.await(() -> browser.findElements(By.id("username")).isEmpty() ? null : true);
        chromium.shot("03-provider-login-after-sign-out");

        // Someone the provider knows, without a Datanet role, gets no session and is told why.
        provider.addUser(IdentityProviderProcess.REALM, "nora", "nora-local", null);
        signInAtProvider("nora", "nora-local");
        chromium.awaitPage("signin");
        chromium.await(() -> browser.findElements(By.cssSelector(".notice")).stream()
                .anyMatch(n -> n.getText().contains("no Datanet role")) ? true : null);
        chromium.shot("04-no-role");
        assertEquals(401, fetch("GET", "/console/session", null).path("status").asInt());
    }

    @Test
    @Order(2)
    void servicesFollowTheProvidersKeyRotationAndRefuseEveryOtherIssuer() throws Exception {
        provider.addUser(IdentityProviderProcess.REALM, "rita", "rita-local", "contributor");
        String before = provider.accessToken(IdentityProviderProcess.REALM, "rita", "rita-local");
        assertEquals(200, listDatanets(before));

        // The operator rotates the realm's signing key: new tokens name a key upload-service has never seen, and
        // it fetches the provider's key set again rather than refusing them (no restart, no configuration).
        provider.rotateSigningKey(IdentityProviderProcess.REALM);
        String after = provider.accessToken(IdentityProviderProcess.REALM, "rita", "rita-local");
        assertNotEquals(IdentityProviderProcess.keyIdOf(before), IdentityProviderProcess.keyIdOf(after));
        assertEquals(200, listDatanets(after));
        assertEquals(200, listDatanets(before), "tokens signed before the rotation stay valid until they expire");

        // Another issuer on the same server: a realm made from the same file (same clients, groups and claims),
        // so its tokens differ only in issuer and keys.
        ObjectNode elsewhere = IdentityProviderProcess.realmFile().put("realm", "elsewhere");
        provider.addRealm(elsewhere);
        String foreign = provider.accessToken("elsewhere", "alice", "alice-local");
        assertEquals(401, listDatanets(foreign));
        // And the tokens the rest of the test suite signs with its own key (issuer "datanet").
        assertEquals(401, listDatanets(TestTokens.contributor("alice")));
        // The console refuses them as the services do.
        for (String token : new String[] {foreign, TestTokens.contributor("alice")}) {
            HttpResponse<String> signIn = HTTP.send(HttpRequest.newBuilder(URI.create(console.url()
                            + "/console/session")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("token", token)
                            .toString())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, signIn.statusCode(), signIn.body());
        }
        HttpResponse<String> signIn = HTTP.send(HttpRequest.newBuilder(URI.create(console.url()
                        + "/console/session")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("token", after).toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, signIn.statusCode(), signIn.body());
    }

    private void signInAtProvider(String username, String password) {
        var browser = chromium.driver();
        chromium.await(() -> browser.findElements(By.id("username")).isEmpty() ? null : true);
        assertTrue(browser.getCurrentUrl().startsWith(provider.issuer()), browser.getCurrentUrl());
        assertTrue(browser.getCurrentUrl().contains("code_challenge_method=S256"), "PKCE: " + browser.getCurrentUrl());
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
    }

    private static int listDatanets(String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(upload.url() + "/api/datanets"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** A request from the page itself, with its cookies: {"status": ..., "body": ...}. */
    private static JsonNode fetch(String method, String path, String jsonBody) throws Exception {
        Object answer = ((org.openqa.selenium.JavascriptExecutor) chromium.driver()).executeAsyncScript("""
                const [method, path, body, done] = arguments;
                fetch(path, {method, headers: body ? {'Content-Type': 'application/json'} : {}, body})
                  .then(async r => done(JSON.stringify({status: r.status, body: await r.text()})))
                  .catch(e => done(JSON.stringify({status: -1, body: String(e)})));
                """, method, path, jsonBody);
        ObjectNode node = (ObjectNode) JSON.readTree((String) answer);
        String body = node.path("body").asText();
        if (body.startsWith("{") || body.startsWith("[")) {
            node.set("body", JSON.readTree(body));
        }
        return node;
    }
}
