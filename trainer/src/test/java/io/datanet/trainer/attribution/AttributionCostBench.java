package io.datanet.trainer.attribution;

import io.datanet.trainer.lora.LoraConfig;
import io.datanet.trainer.tensor.MatMul;
import io.datanet.trainer.tensor.Rng;
import io.datanet.trainer.train.BaseModels;
import io.datanet.trainer.train.Example;
import io.datanet.trainer.train.Fixtures;
import io.datanet.trainer.train.InMemoryCheckpointStore;
import io.datanet.trainer.train.ProgressListener;
import io.datanet.trainer.train.Trainer;
import io.datanet.trainer.train.TrainingConfig;
import io.datanet.trainer.train.TrainingResult;

import java.util.ArrayList;
import java.util.List;

/**
 * What attribution costs beside the training it explains: a small realistic job on the built-in base (200
 * examples of one to four weather reports, 20 held out, seqLen 128, micro-batch 8, three epochs, a checkpoint
 * every 25 steps, r 8 on all projections: 147 steps, 6 checkpoints), then TracIn over its checkpoints and DataInf
 * at the last. A measurement, not a check: {@code bench/trainer/attribution.sh} runs it (about a minute on 2 cores);
 * results in BENCHMARKS.md.
 */
public final class AttributionCostBench {
    private AttributionCostBench() {
    }

    public static void main(String[] args) {
        Rng r = new Rng(11);
        List<Example> train = new ArrayList<>(), validation = new ArrayList<>();
        for (int i = 0; i < 200; i++) train.add(new Example(reports(r), "c" + (i % 10)));
        for (int i = 0; i < 20; i++) validation.add(new Example(reports(r), "validation"));
        TrainingConfig cfg = TrainingConfig.builder(BaseModels.DEFAULT).seqLen(128).microBatch(8).steps(0).epochs(3)
                .lr(2e-3f).warmupSteps(5).checkpointEvery(25).seed(1)
                .lora(new LoraConfig(8, 16f, 0.05f, List.of("c_attn", "c_proj", "c_fc"))).build();

        InMemoryCheckpointStore store = new InMemoryCheckpointStore();
        long t0 = System.nanoTime();
        TrainingResult job = Trainer.fineTune(cfg, train, validation, ProgressListener.NONE, store);
        long t1 = System.nanoTime();
        Attribution.compute(Attribution.Algorithm.TRACIN, cfg, train, validation, store.all());
        long t2 = System.nanoTime();
        Attribution.compute(Attribution.Algorithm.DATAINF, cfg, train, validation, store.all());
        long t3 = System.nanoTime();

        double training = (t1 - t0) / 1e9, tracIn = (t2 - t1) / 1e9, dataInf = (t3 - t2) / 1e9;
        System.out.printf("attribution cost (%s, kernel %s, %d threads): %d examples, %d steps, %d training tokens,"
                        + " %d checkpoints%n", BaseModels.DEFAULT, MatMul.kernelName(),
                Runtime.getRuntime().availableProcessors(), train.size(), job.steps(), job.trainTokens(),
                store.all().size());
        System.out.printf("  training (fineTune incl. evaluations) %.1f s; TracIn %.1f s = %.0f%% of training;"
                + " DataInf %.1f s = %.0f%%%n", training, tracIn, 100 * tracIn / training, dataInf,
                100 * dataInf / training);
        if (store.all().get(store.all().size() - 1).step() != job.steps()) {
            throw new IllegalStateException("the last checkpoint is not the job's last step");
        }
    }

    /** One to four weather reports: examples of different lengths, some longer than one window. */
    private static String reports(Rng r) {
        StringBuilder sb = new StringBuilder(Fixtures.weather(r));
        for (int k = r.nextInt(4); k > 0; k--) sb.append(' ').append(Fixtures.weather(r));
        return sb.toString();
    }
}
