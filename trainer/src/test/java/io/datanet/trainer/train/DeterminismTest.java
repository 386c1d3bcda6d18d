package io.datanet.trainer.train;

import io.datanet.trainer.tensor.MatMul;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same run in this JVM (all cores, vector kernel when available) and in a child JVM with one thread and the
 * scalar kernel ends with the same adapter bits.
 */
class DeterminismTest {
    @Test
    void adapterBitsDoNotDependOnThreadCountOrKernel() throws Exception {
        String model = Fixtures.tinyModel();
        String here = DeterminismMain.run(model).adapterSha256();
        String child = child(model, "-Ddatanet.trainer.threads=1", "-Ddatanet.trainer.scalar=true");
        assertTrue(child.contains("kernel=scalar threads=1"), child);
        assertEquals("sha256=" + here, child.lines().filter(l -> l.startsWith("sha256=")).findFirst().orElse(""),
                "in-process kernel " + MatMul.kernelName());
    }

    private static String child(String model, String... props) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.addAll(List.of(props));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DeterminismMain.class.getName());
        cmd.add(model);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
