package io.datanet.trainer.train;

import io.datanet.trainer.io.DType;
import io.datanet.trainer.model.GPT2;
import io.datanet.trainer.model.HuggingFaceCheckpoint;
import io.datanet.trainer.model.GPT2Config;
import io.datanet.trainer.tensor.Rng;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Generated texts for tests: an in-domain template language, garbled text and an off-domain one. */
public final class Fixtures {
    private static final String[] CITIES = {"Paris", "Oslo", "Lima", "Cairo", "Tokyo", "Quito", "Perth", "Dakar"};
    private static final String[] SKIES = {"sunny", "cloudy", "rainy", "windy", "foggy", "clear"};
    private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

    private Fixtures() {
    }

    /** In-domain: short weather reports. */
    public static String weather(Rng r) {
        return "On " + DAYS[r.nextInt(DAYS.length)] + " the weather in " + CITIES[r.nextInt(CITIES.length)]
                + " will be " + SKIES[r.nextInt(SKIES.length)] + " with a high of " + (5 + r.nextInt(30))
                + " degrees.";
    }

    /** The characters of an in-domain text in random order (same letters, no structure). */
    public static String garbled(Rng r) {
        char[] c = weather(r).toCharArray();
        for (int i = c.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            char t = c[i];
            c[i] = c[j];
            c[j] = t;
        }
        return new String(c);
    }

    /** Off-domain: log-like lines of hex and numbers. */
    public static String offDomain(Rng r) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            sb.append(String.format("0x%08x:%d;", r.nextLong() & 0xffffffffL, r.nextInt(100000)));
        }
        return sb.toString();
    }

    public static List<Example> weatherExamples(int n, String contributor, long seed) {
        Rng r = new Rng(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new Example(weather(r), contributor));
        return out;
    }

    private static String shared;

    /** One tiny model per test JVM, in a temporary directory. */
    public static synchronized String tinyModel() throws IOException {
        if (shared == null) {
            Path dir = java.nio.file.Files.createTempDirectory("datanet-tiny-model");
            shared = tinyModel(dir, 3);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var s = java.nio.file.Files.list(dir)) {
                    s.forEach(f -> f.toFile().delete());
                } catch (IOException ignored) {
                    // best effort
                }
                dir.toFile().delete();
            }));
        }
        return shared;
    }

    /** A tiny random byte-level model saved to dir (fast unit tests that do not need the built-in base). */
    public static String tinyModel(Path dir, long seed) throws IOException {
        GPT2 m = GPT2.randomInit(GPT2Config.byteLevel(2, 2, 32, 64), seed);
        // a random base with GPT-2's 0.02 embeddings has near-constant logits through the tied head, which no
        // adapter can fix; wider embeddings give the adapters something to steer
        for (int i = 0; i < m.wte.size(); i++) m.wte.data[i] *= 25f;
        HuggingFaceCheckpoint.save(m, dir, DType.F32, null);
        return dir.toString();
    }
}
