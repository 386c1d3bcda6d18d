package io.datanet.platform.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.platform.security.VerifiedTokens;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What every Datanet service promises operators, checked against the real broker and database: readiness
 * covering PostgreSQL (not the broker), liveness, Prometheus metrics (including the outbox relay's) and the OpenAPI
 * document, all without a token. Each service has a subclass annotated {@code @QuarkusTest} and
 * {@code @WithTestResource(DatanetTestResource.class)}.
 */
public abstract class ServiceContractTest {

    @Inject
    JWTParser tokenParser;
    @ConfigProperty(name = "quarkus.application.name")
    String service;
    @ConfigProperty(name = "kafka.sasl.jaas.config")
    String kafkaSignIn;

    /** The broker sees the service as its own principal, so its tests run with only its grants (KafkaAccess). */
    @Test
    void signsInToKafkaAsItself() {
        assertTrue(kafkaSignIn.contains("username=\"" + service + "\""), kafkaSignIn);
    }

    /** Bearer tokens are verified once and remembered until they expire, not verified on every request. */
    @Test
    void bearerTokensGoThroughVerifiedTokens() {
        assertInstanceOf(VerifiedTokens.class, tokenParser);
    }

    /**
     * Readiness is what a replica needs to serve its HTTP traffic: the database. The broker is not in it, so a
     * broker outage pauses consumers (their lag grows, which is alerted on) instead of emptying every Service;
     * PipelineFaultIT checks that during a real outage.
     */
    @Test
    void readinessReportsTheDatabaseButNotTheBroker() {
        given().when().get("/q/health/ready").then().log().ifValidationFails().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"))
                .body("checks.name", not(hasItem(containsString("Kafka"))))
                // the messaging check lists a channel only when that channel takes part in readiness
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data",
                        nullValue());
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
