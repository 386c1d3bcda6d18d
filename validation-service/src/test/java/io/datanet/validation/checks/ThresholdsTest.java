package io.datanet.validation.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.ValidationThresholds;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A datanet's own thresholds: exactly the service's settings by name, each overriding its one setting. */
class ThresholdsTest {

    static final Thresholds SERVICE = new SmallRyeConfigBuilder().withMapping(Thresholds.class).build()
            .getConfigMapping(Thresholds.class);

    @Test
    void everyNameADatanetMaySetIsOneOfTheServicesThresholds() {
        TreeSet<String> settings = new TreeSet<>(settings().stream().map(Method::getName).toList());
        assertEquals(settings, new TreeSet<>(ValidationThresholds.KNOWN.keySet()));
    }

    @Test
    void eachOwnValueOverridesItsSettingAndNothingElse() throws Exception {
        for (String name : ValidationThresholds.KNOWN.keySet()) {
            ValidationThresholds.Bounds bounds = ValidationThresholds.KNOWN.get(name);
            double value = bounds.integer() ? Math.floor((bounds.min() + bounds.max()) / 2) : (bounds.min() + bounds.max()) / 2;
            Thresholds effective = SERVICE.overriddenBy(Map.of(name, value));
            for (Method setting : settings()) {
                double got = ((Number) setting.invoke(effective)).doubleValue();
                double expected = setting.getName().equals(name) ? value : ((Number) setting.invoke(SERVICE)).doubleValue();
                assertEquals(expected, got, 0, name + " → " + setting.getName());
            }
        }
        assertSame(SERVICE, SERVICE.overriddenBy(Map.of()));
    }

    /** Each refusal says which rule the value broke, so an owner's form can show it beside the field. */
    @Test
    void boundsAreCheckedAndTheReasonNamesTheRuleBroken() {
        assertNull(ValidationThresholds.whyNot("minWords", 8.0));
        assertEquals("must be a whole number", ValidationThresholds.whyNot("minWords", 8.5));
        assertEquals("must be between 0.0 and 1.0", ValidationThresholds.whyNot("maxTopBigramShare", 1.5));
        assertEquals("must be between 0.3 and 1.0", ValidationThresholds.whyNot("paraphraseCosine", 0.2));
        assertEquals("must be between -1.0 and 1.0", ValidationThresholds.whyNot("minRelevance", -1.5));
        assertNull(ValidationThresholds.whyNot("minRelevance", -1.0), "the bounds themselves are allowed");
        assertEquals("must be between 1.0 and 100000.0", ValidationThresholds.whyNot("minChars", Double.NaN));
        assertEquals("must be between 1.0 and 100000.0", ValidationThresholds.whyNot("minChars", null));
        String unknown = ValidationThresholds.whyNot("nope", 1.0);
        assertTrue(unknown.startsWith("unknown threshold; known: ["), unknown);
        assertTrue(unknown.contains("minRelevance") && unknown.contains("paraphraseCosine"), unknown);
    }

    /** The settings: the mapping's abstract methods ({@code overriddenBy} is none). */
    private static java.util.List<Method> settings() {
        return Arrays.stream(Thresholds.class.getDeclaredMethods()).filter(m -> !m.isDefault()).toList();
    }
}
