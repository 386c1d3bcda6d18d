package io.datanet.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The ids both broker launchers (deploy/local/kafka.sh and BrokerProcess) format storage with. One in 64
 * random ids starts with '-', which Kafka's storage tool parses as an option and refuses: a CI run failed
 * on it. A thousand ids from Java would meet such an id with probability 1 - (63/64)^1000, practically always; the
 * script's three hundred (each costs it a few processes) with 1 - (63/64)^300, over 99%.
 */
class ClusterIdsTest {

    private static final int COUNT = 1000;
    private static final int SCRIPT_COUNT = 300;

    @Test
    void brokerProcessIdsAreValidAndNeverLookLikeAnOption() {
        var ids = new HashSet<String>();
        for (int i = 0; i < COUNT; i++) {
            ids.add(BrokerProcess.newClusterId());
        }
        assertValid(List.copyOf(ids), COUNT);
    }

    @Test
    void scriptIdsAreValidAndNeverLookLikeAnOption() throws IOException, InterruptedException {
        var script = BrokerProcess.projectRoot().resolve("deploy/local/kafka.sh");
        Process process = new ProcessBuilder("bash", script.toString(), "cluster-ids", String.valueOf(SCRIPT_COUNT))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> ids = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                .lines().toList();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kafka.sh cluster-ids did not finish");
        assertEquals(0, process.exitValue());
        assertValid(ids, SCRIPT_COUNT);
    }

    private static void assertValid(List<String> ids, int count) {
        assertEquals(count, ids.size(), "ids should all be distinct and all be printed");
        for (String id : ids) {
            assertFalse(id.startsWith("-"), id);
            assertEquals(16, Base64.getUrlDecoder().decode(id).length, id);
            assertEquals(22, id.length(), id);
        }
    }
}
