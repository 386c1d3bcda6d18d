package io.datanet.systemtests;

import io.datanet.testkit.PackageCycles;
import io.datanet.testkit.Checkout;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * No module's packages depend on each other in a circle. Runs here because this module is built after every other
 * one: their compiled classes are in place. One named test per module, so a report says which module broke it.
 */
class PackageCyclesTest {
    /** Each module's folder and the package its classes live below. */
    static final Map<String, String> MODULES = Map.ofEntries(
            Map.entry("events", "io.datanet.events"),
            Map.entry("platform-api", "io.datanet.platform"),
            Map.entry("platform", "io.datanet.platform"),
            Map.entry("platform-blob", "io.datanet.platform"),
            Map.entry("trainer", "io.datanet.trainer"),
            Map.entry("upload-service", "io.datanet.upload"),
            Map.entry("validation-service", "io.datanet.validation"),
            Map.entry("reputation-service", "io.datanet.reputation"),
            Map.entry("training-service", "io.datanet.training"),
            Map.entry("console", "io.datanet.console"),
            Map.entry("demo", "io.datanet.demo"));

    @TestFactory
    Iterable<DynamicTest> noModuleHasAPackageCycle() {
        Path root = Checkout.root();
        return MODULES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(m -> dynamicTest(m.getKey(), () -> PackageCycles.assertNone(
                        root.resolve(m.getKey()).resolve("target/classes"), m.getValue())))
                .toList();
    }
}
