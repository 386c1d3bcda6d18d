package io.datanet.console;

import static io.datanet.platform.testing.AbuseCases.problemsWith;
import static io.restassured.RestAssured.given;

import io.datanet.platform.testing.HostileInputs;
import io.datanet.platform.testing.RawHttp;
import io.datanet.platform.testing.AbuseCases;
import io.datanet.platform.testing.RawHttp.Answer;
import io.datanet.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile requests to the console, the platform's public entry point: paths that would leave a service's /api/ once
 * the service decodes and normalises them (the /q/ endpoints above all), and tokens that break the platform's token
 * rules, offered at sign-in or planted in the session cookie. Each gets its 4xx as problem JSON, sets no cookie, and
 * reaches no service (the upstream echo server counts what it receives).
 */
@QuarkusTest
@QuarkusTestResource(value = ConsoleTestResource.class, restrictToAnnotatedClass = true)
class AbuseTest {

    /** The size of the table below; RELIABILITY.md reports it. */
    static final int CASES = 61;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ConfigProperty(name = "datanet.console.services.upload")
    URI upload;

    @TestFactory
    Stream<DynamicTest> hostileRequestsAreRefusedAndReachNoService() throws Exception {
        AbuseCases cases = new AbuseCases("console", this::forwarded);
        String cookie = "Cookie: " + Sessions.COOKIE + "=" + SessionAndProxyTest.devSignIn("mallory", "contributor");

        // Paths that a service would decode or normalise out of /api/ (the three reported first), sent as written
        List<String> paths = new ArrayList<>(List.of("/api/%2e%2e/q/metrics", "/api/.%2e/q/openapi",
                "/api/%2e/%2e%2e/q/health", "/api/%2E%2E/q/metrics", "/api/%2e%2E/q/health/ready", "/api/%2e./q/metrics",
                "/api/%252e%252e/q/metrics", "/api/%25%32%65%25%32%65/q/metrics", "/api/..%2fq%2fmetrics",
                "/api/..%2Fq/metrics", "/api%2f..%2fq/metrics", "/api/%2e%2e%2f%2e%2e%2fq/metrics",
                "/api/..%5cq%5cmetrics", "/api/..%5Cq/metrics", "/api/../q/health", "/api/./../q/metrics",
                "/api/datanets/../../q/metrics", "/api//q/metrics",
                "/api/./datanets", "/api/datanets/.", "/q/metrics", "/api", "/%61pi/datanets", "/API/datanets"));
        for (String path : paths) {
            cases.expect("proxy path " + AbuseCases.printable(path), 404, () -> RawHttp.socket("GET",
                    "/svc/upload" + path, null, List.of(cookie)));
        }
        // A raw backslash never gets this far: the HTTP codec refuses the request line (a bare 400, not problem JSON)
        for (String path : List.of("/api/..\\q\\metrics", "/api\\..\\q/metrics")) {
            cases.check("proxy path " + AbuseCases.printable(path) + " is refused by the HTTP layer", () -> {
                String before = forwarded();
                Answer answer = RawHttp.socket("GET", "/svc/upload" + path, null, List.of(cookie));
                return answer.status() != 400 ? "status " + answer.status() + " instead of 400"
                        : before.equals(forwarded()) ? null : "forwarded";
            });
        }
        cases.expect("proxy path with an encoded service name", 404, () -> RawHttp.socket("GET",
                "/svc/upl%6fad/api/datanets", null, List.of(cookie)));
        cases.expect("proxy path with an encoded dot, POST", 404, () -> RawHttp.socket("POST",
                "/svc/upload/api/%2e%2e/q/health", null, List.of(cookie, "Content-Length: 0")));

        // Tokens that break the rules: refused at sign-in (no cookie), and refused when planted in the cookie
        for (Map.Entry<String, String> token : HostileInputs.tokensBreakingTheRules("mallory").entrySet()) {
            String jwt = token.getValue().substring("Bearer ".length());
            cases.check("sign-in with " + token.getKey(), () -> {
                Response response = given().contentType(ContentType.JSON).body(Map.of("token", jwt)).post("/console/session");
                List<String> wrong = problemsWith(new Answer(response.statusCode(), response.contentType(),
                        response.asString()), 401);
                return response.getHeader("Set-Cookie") != null ? "a cookie was set" : wrong.isEmpty() ? null : wrong.toString();
            });
            cases.expect("proxy with a session cookie holding " + token.getKey(), 401, () -> RawHttp.socket("GET",
                    "/svc/upload/api/datanets", null, List.of("Cookie: " + Sessions.COOKIE + "=" + jwt)));
        }
        cases.check("a good token still signs in and is forwarded", () -> {
            String before = forwarded();
            Answer answer = RawHttp.socket("GET", "/svc/upload/api/datanets", null,
                    List.of("Cookie: " + Sessions.COOKIE + "=" + TestTokens.contributor("mallory")));
            return answer.status() == 200 && !before.equals(forwarded()) ? null : "expected it forwarded: " + answer;
        });
        return cases.finish(CASES);
    }

    /** How many requests the upstream "services" have received. */
    private String forwarded() {
        try {
            URI count = upload.resolve(ConsoleTestResource.COUNT_PATH);
            return HTTP.send(HttpRequest.newBuilder(count).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
