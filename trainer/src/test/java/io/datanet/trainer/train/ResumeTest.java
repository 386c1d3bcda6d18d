package io.datanet.trainer.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ResumeTest {
    @TempDir
    Path dir;

    static final class Crash extends RuntimeException {
    }

    private static ProgressListener crashAt(int step) {
        return p -> {
            if (p.step() == step) throw new Crash();
        };
    }

    @Test
    void interruptedRunResumesToTheBitIdenticalAdapter() throws IOException {
        List<Example> data = Fixtures.weatherExamples(30, "dave", 6);
        TrainingConfig cfg = TrainerTest.tinyConfig().steps(10).checkpointEvery(3).build(); // dropout 0.1 active
        TrainingResult straight = Trainer.fineTune(cfg, data, ProgressListener.NONE, CheckpointStore.NONE);

        // killed after step 7 completed (last checkpoint: step 6), then after step 8 of the second attempt
        DirectoryCheckpointStore store = new DirectoryCheckpointStore(dir);
        assertThrows(Crash.class, () -> Trainer.fineTune(cfg, data, crashAt(7), store));
        assertEquals(6, store.latest().orElseThrow().step());
        assertThrows(Crash.class, () -> Trainer.fineTune(cfg, data, crashAt(8), store));
        // a save torn by a crash (no state.json) is ignored
        Files.createDirectories(dir.resolve("step-00000009"));
        TrainingResult resumed = Trainer.fineTune(cfg, data, ProgressListener.NONE, store);
        assertEquals(6, resumed.resumedFromStep());
        assertEquals(straight.adapterSha256(), resumed.adapterSha256());
        assertEquals(straight.adapted().loss(), resumed.adapted().loss());
        assertEquals(List.of(3, 6, 9, 10), store.all().stream().map(Checkpoint::step).toList());

        // in memory too, and a store that holds another job's state is refused
        InMemoryCheckpointStore mem = new InMemoryCheckpointStore();
        assertThrows(Crash.class, () -> Trainer.fineTune(cfg, data, crashAt(4), mem));
        assertEquals(straight.adapterSha256(), Trainer.fineTune(cfg, data, ProgressListener.NONE, mem).adapterSha256());
        TrainingConfig other = cfg.toBuilder().seed(99).build();
        assertThrows(IllegalStateException.class, () -> Trainer.fineTune(other, data, ProgressListener.NONE, mem));
    }

    @Test
    void evaluationReportsLossAndPerplexity() throws IOException {
        List<Example> data = Fixtures.weatherExamples(30, "erin", 8);
        TrainingResult r = Trainer.fineTune(TrainerTest.tinyConfig().steps(6).build(), data, ProgressListener.NONE,
                CheckpointStore.NONE);
        assertEquals(Math.exp(r.adapted().loss()), r.adapted().perplexity(), 1e-9);
        assertTrue(r.adapted().tokens() > 0);
        assertEquals(r.base().tokens(), r.adapted().tokens());
        assertTrue(r.adapted().perplexity() < r.base().perplexity());
    }
}
