package io.datanet.platform.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A killed test JVM takes its brokers and services with it. */
class ChildProcessesTest {

    /** Stands in for a test JVM: starts a long-lived child the way the test harness does, prints its pid, waits. */
    public static final class TestJvm {
        public static void main(String[] args) throws Exception {
            Process child = ChildProcesses.dieWithThisJvm(new ProcessBuilder("sleep", "300").start());
            System.out.println(child.pid());
            System.out.flush();
            Thread.sleep(300_000);
        }
    }

    @Test
    void aChildDiesSoonAfterItsJvmIsKilled() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process testJvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TestJvm.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long childPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(testJvm.getInputStream(), StandardCharsets.UTF_8))) {
            childPid = Long.parseLong(out.readLine().trim());
            ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
            assertTrue(child.isAlive());
            testJvm.destroyForcibly();   // SIGKILL: no shutdown hook runs
            assertTrue(testJvm.waitFor(10, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertFalse(child.isAlive(), "the child outlived its killed JVM");
        } finally {
            testJvm.destroyForcibly();
        }
    }
}
