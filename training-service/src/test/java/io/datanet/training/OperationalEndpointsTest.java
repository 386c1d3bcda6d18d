package io.datanet.training;

import io.datanet.platform.testing.DatanetTestResource;
import io.datanet.platform.testing.DocumentedServiceContractTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(DatanetTestResource.class)
class OperationalEndpointsTest extends DocumentedServiceContractTest {
}
