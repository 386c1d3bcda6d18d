package io.datanet.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.platform.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = ConsoleTestResource.class, restrictToAnnotatedClass = true)
class SessionAndProxyTest {

    static String devSignIn(String name, String role) {
        return given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}")
                .post("/console/dev-token")
                .then().statusCode(200).body("subject", equalTo(name)).body("roles[0]", equalTo(role))
                .extract().cookie(Sessions.COOKIE);
    }

    @Test
    void devSignInSetsAnHttpOnlyStrictCookieAndTheSessionReadsIt() {
        Response response = given().contentType(ContentType.JSON).body("{\"name\":\"alice\",\"role\":\"contributor\"}")
                .post("/console/dev-token");
        response.then().statusCode(200);
        String setCookie = response.getHeader("Set-Cookie");
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        String cookie = response.getCookie(Sessions.COOKIE);

        given().cookie(Sessions.COOKIE, cookie).get("/console/session")
                .then().statusCode(200).body("subject", equalTo("alice")).body("roles", equalTo(java.util.List.of("contributor")));
        given().get("/console/session").then().statusCode(401).contentType("application/problem+json");
        given().get("/console/config").then().statusCode(200).body("devTokens", equalTo(true))
                .body("identityProvider", nullValue());
    }

    @Test
    void aTokenFromElsewhereSignsInAndBadTokensAreRefused() {
        String token = Jwt.issuer("datanet").audience("datanet").subject("val").upn("val").groups(Set.of("validator"))
                .expiresAt(Instant.now().plusSeconds(600)).jws().keyId("k").sign(TestKeys.privateKey());
        given().contentType(ContentType.JSON).body("{\"token\":\"" + token + "\"}").post("/console/session")
                .then().statusCode(200).body("subject", equalTo("val")).cookie(Sessions.COOKIE);

        String expired = Jwt.issuer("datanet").audience("datanet").subject("val").groups(Set.of("validator"))
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))
                .jws().sign(TestKeys.privateKey());
        String wrongIssuer = Jwt.issuer("someone-else").audience("datanet").subject("val").expiresAt(Instant.now().plusSeconds(600))
                .jws().sign(TestKeys.privateKey());
        String tampered = token.substring(0, token.length() - 4) + "AAAA";
        for (String bad : new String[] {expired, wrongIssuer, tampered, "not-a-jwt"}) {
            given().contentType(ContentType.JSON).body("{\"token\":\"" + bad + "\"}").post("/console/session")
                    .then().statusCode(401).contentType("application/problem+json").header("Set-Cookie", nullValue());
        }
        given().contentType(ContentType.JSON).body("{}").post("/console/session").then().statusCode(400);
    }

    @Test
    void devSignInRejectsUnknownRolesAndUnsafeNames() {
        given().contentType(ContentType.JSON).body("{\"name\":\"mallory\",\"role\":\"admin\"}").post("/console/dev-token")
                .then().statusCode(422).body("detail", containsString("role"));
        given().contentType(ContentType.JSON).body("{\"name\":\"../etc\\npasswd\",\"role\":\"contributor\"}")
                .post("/console/dev-token").then().statusCode(422).body("detail", containsString("name"));
    }

    @Test
    void theEventsAsyncApiDocumentIsServedWithoutSignInAndRevalidatedByItsETag() {
        Response document = given().get("/events/asyncapi.yaml");
        document.then().statusCode(200).contentType(containsString("application/yaml"))
                .header("Cache-Control", "no-cache")
                .body(containsString("asyncapi: 3.0.0"), containsString("    UploadReceived:"));
        String etag = document.getHeader("ETag");
        given().header("If-None-Match", etag).get("/events/asyncapi.yaml").then().statusCode(304);
    }

    @Test
    void withoutAnIdentityProviderTheProviderSignInIsNotFound() {
        // ProviderSignInIT (system tests) signs in through Keycloak; here no provider is configured.
        for (String path : new String[] {"/console/oidc/sign-in?next=/datanets", "/console/oidc/sign-out"}) {
            given().redirects().follow(false).get(path).then().statusCode(404)
                    .contentType("application/problem+json").body("detail", containsString("no identity provider"));
        }
    }

    @Test
    void signOutExpiresTheCookie() {
        String setCookie = given().delete("/console/session").then().statusCode(204).extract().header("Set-Cookie");
        assertTrue(setCookie.contains(Sessions.COOKIE + "=;") || setCookie.contains("Max-Age=0"), setCookie);
    }

    @Test
    void proxyForwardsMethodPathQueryAndBodyWithTheSessionTokenAndNothingElse() {
        String cookie = devSignIn("alice", "contributor");
        byte[] body = new byte[300_000];
        Response response = given().cookie(Sessions.COOKIE, cookie).contentType("application/octet-stream").body(body)
                .header("Idempotency-Key", "k-123").header("If-Match", "\"6\"").header("X-Custom", "dropped")
                .post("/svc/upload/api/datanets/d1/uploads?x=1&y=two");
        response.then().statusCode(200)
                .body("method", equalTo("POST"))
                .body("path", equalTo("/base/api/datanets/d1/uploads"))
                .body("query", equalTo("x=1&y=two"))
                .body("authorization", equalTo("Bearer " + cookie))
                .body("cookie", nullValue())
                .body("bodyLength", equalTo(body.length))
                .body("idempotencyKey", equalTo("k-123"))
                .body("ifMatch", equalTo("\"6\""))
                .header("ETag", equalTo("\"7\""))
                .header("Location", equalTo("/svc/upload/api/uploads/u1?v=2"))
                .header("Content-Disposition", containsString("echo.json"));
        assertFalse(response.headers().hasHeaderWithName("X-Internal"), "upstream-only headers stay inside");

        given().cookie(Sessions.COOKIE, cookie).get("/svc/upload/api/missing")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void proxyRefusesTheUnsignedUnknownServicesAndNonApiPaths() {
        given().get("/svc/upload/api/datanets").then().statusCode(401).contentType("application/problem+json");
        String cookie = devSignIn("alice", "contributor");
        given().cookie(Sessions.COOKIE, cookie).get("/svc/nowhere/api/x").then().statusCode(404)
                .contentType("application/problem+json");
        given().cookie(Sessions.COOKIE, cookie).get("/svc/upload/q/metrics").then().statusCode(404);
        given().cookie(Sessions.COOKIE, cookie).urlEncodingEnabled(false).get("/svc/upload/api/../q/health")
                .then().statusCode(404);
    }

    @Test
    void problemTypePagesAreServedWithoutSignIn() {
        given().get("/problems/quota-exceeded").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Quota exceeded"));
        given().get("/problems/Quota..exceeded").then().statusCode(404).contentType("application/problem+json");
        given().get("/problems/" + "x".repeat(65)).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aServiceThatIsDownIsABadGatewayProblem() {
        String cookie = devSignIn("alice", "contributor");
        Response response = given().cookie(Sessions.COOKIE, cookie).get("/svc/training/api/jobs");
        assertEquals(502, response.statusCode());
        response.then().contentType("application/problem+json").body("detail", containsString("training"));
    }
}
