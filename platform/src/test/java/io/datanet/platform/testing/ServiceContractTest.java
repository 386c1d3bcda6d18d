package io.datanet.platform.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.datanet.platform.security.VerifiedTokens;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * What every Datanet service promises operators, checked against the real broker and database: readiness
 * covering Kafka and PostgreSQL, liveness, Prometheus metrics (including the outbox relay's) and the OpenAPI
 * document, all without a token. Each service has a subclass annotated {@code @QuarkusTest} and
 * {@code @WithTestResource(DatanetTestResource.class)}.
 */
public abstract class ServiceContractTest {

    @Inject
    JWTParser tokenParser;

    /** Bearer tokens are verified once and remembered until they expire, not verified on every request. */
    @Test
    void bearerTokensGoThroughVerifiedTokens() {
        assertInstanceOf(VerifiedTokens.class, tokenParser);
    }

    @Test
    void readinessReportsKafkaAndTheDatabase() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Kafka connection health check",
                        "Reactive PostgreSQL connections health check"));
    }

    @Test
    void livenessMetricsAndOpenApiNeedNoToken() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("datanet_outbox_published_total"))
                .body(containsString("jvm_memory_used_bytes"));
        given().when().get("/q/openapi?format=json").then().statusCode(200).body("openapi", containsString("3."));
    }
}
