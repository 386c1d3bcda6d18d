package io.datanet.platform.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ServiceContractTest} for a service whose OpenAPI document states every operation's answers, and whose tests
 * hold every response to it ({@link OpenApiContract}, on by declaring swagger-request-validator): what a service's
 * OperationalEndpointsTest extends once it has opted in.
 */
public abstract class DocumentedServiceContractTest extends ServiceContractTest {

    @Test
    void theOpenApiDocumentStatesEveryOperationsAnswers() {
        String document = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        assertEquals(List.of(), OpenApiContract.gaps(document));
    }
}
