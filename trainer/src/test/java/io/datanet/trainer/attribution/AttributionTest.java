package io.datanet.trainer.attribution;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.trainer.lora.LoraConfig;
import io.datanet.trainer.tensor.Rng;
import io.datanet.trainer.train.BaseModels;
import io.datanet.trainer.train.BuiltinModelTest;
import io.datanet.trainer.train.Example;
import io.datanet.trainer.train.Fixtures;
import io.datanet.trainer.train.InMemoryCheckpointStore;
import io.datanet.trainer.train.ProgressListener;
import io.datanet.trainer.train.Trainer;
import io.datanet.trainer.train.TrainingConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Planted test: three in-domain contributors of different sizes, one with garbled text, one off-domain. The
 * validation set is in-domain. Attribution must rank the planted ones lowest and agree with leave-one-out.
 */
class AttributionTest {
    static final List<String> IN_DOMAIN = List.of("in-large", "in-medium", "in-small");
    static List<Example> train, validation;
    static TrainingConfig cfg;
    static InMemoryCheckpointStore store;

    @BeforeAll
    static void train() throws Exception {
        train = new ArrayList<>();
        train.addAll(Fixtures.weatherExamples(12, "in-large", 101));
        train.addAll(Fixtures.weatherExamples(8, "in-medium", 102));
        train.addAll(Fixtures.weatherExamples(4, "in-small", 103));
        Rng r = new Rng(104);
        for (int i = 0; i < 8; i++) train.add(new Example(Fixtures.garbled(r), "garbled"));
        for (int i = 0; i < 8; i++) train.add(new Example(Fixtures.offDomain(r), "off-domain"));
        validation = Fixtures.weatherExamples(16, "validation", 105);
        // the built-in base knows English: garbled letters and hex dumps cannot help it on weather reports
        assumeTrue(BuiltinModelTest.present(), "built-in model not generated yet");
        cfg = TrainingConfig.builder(BaseModels.DEFAULT).seqLen(80).microBatch(8).steps(16).lr(3e-3f)
                .warmupSteps(2).checkpointEvery(4).seed(5)
                .lora(new LoraConfig(4, 8f, 0f, List.of("c_attn", "c_proj", "c_fc"))).build();
        store = new InMemoryCheckpointStore();
        Trainer.fineTune(cfg, train, validation, ProgressListener.NONE, store);
    }

    @Test
    void tracInRanksPlantedContributorsLowestAndAgreesWithLeaveOneOut() {
        Attribution.Result res = Attribution.compute(Attribution.Algorithm.TRACIN, cfg, train, validation, store.all());
        check(res);
        Map<String, Double> loo = LeaveOneOut.contributorValues(cfg, train, validation);
        double[] a = new double[loo.size()], b = new double[loo.size()];
        int i = 0;
        for (var e : loo.entrySet()) {
            a[i] = res.contributor(e.getKey()).influence();
            b[i++] = e.getValue();
        }
        double rho = Spearman.of(a, b);
        System.out.printf("TracIn vs leave-one-contributor-out: Spearman %.3f; LOO %s%n", rho, loo);
        assertTrue(rho >= 0.7, "Spearman " + rho);
    }

    @Test
    void dataInfAgreesOnThePlantedContributors() {
        check(Attribution.compute(Attribution.Algorithm.DATAINF, cfg, train, validation, store.all()));
    }

    private static void check(Attribution.Result res) {
        System.out.println(res.algorithm() + ":");
        for (Attribution.ContributorShare s : res.contributors()) {
            System.out.printf("  %-11s %2d examples  influence %+.5e  share %.4f%n", s.contributorId(), s.examples(),
                    s.influence(), s.share());
        }
        double worstIn = IN_DOMAIN.stream().mapToDouble(c -> res.contributor(c).influence()).min().orElseThrow();
        assertTrue(res.contributor("garbled").influence() < worstIn);
        assertTrue(res.contributor("off-domain").influence() < worstIn);
        assertTrue(res.contributor("in-large").influence() > res.contributor("in-small").influence());
        double sum = res.contributors().stream().mapToDouble(Attribution.ContributorShare::share).sum();
        assertEquals(1.0, sum, 1e-12);
        res.contributors().forEach(c -> assertTrue(c.share() >= 0));
        assertTrue(res.contributor("garbled").share() + res.contributor("off-domain").share() < 0.1);
    }

    @Test
    void recomputesBitForBitFromTheRecord() throws Exception {
        Attribution.Result a = Attribution.compute(Attribution.Algorithm.TRACIN, cfg, train, validation, store.all());
        Attribution.Result b = Attribution.compute(Attribution.Algorithm.TRACIN, cfg, train, validation, store.all());
        assertEquals(a.record(), b.record());
        String json = new ObjectMapper().writeValueAsString(a.record());
        var parsed = new ObjectMapper().readTree(json);
        for (int i = 0; i < a.examples().size(); i++) {
            assertEquals(Double.doubleToLongBits(a.examples().get(i).influence()),
                    Double.doubleToLongBits(parsed.get("examples").get(i).get("influence").asDouble()));
        }
        assertEquals("TRACIN", parsed.get("method").asText());
        assertEquals(4, parsed.get("checkpoints").size());
        assertEquals(Trainer.fingerprint(cfg, train, validation), parsed.get("checkpoints").get(0).get("training_fingerprint").asText());
    }

    @Test
    void sharesClipNegativesAndFallBackToEqualSplit() {
        var ex = List.of(new Attribution.ExampleInfluence(0, "a", 3), new Attribution.ExampleInfluence(1, "b", -1),
                new Attribution.ExampleInfluence(2, "a", 1), new Attribution.ExampleInfluence(3, "c", 4));
        var s = Attribution.shares(ex);
        assertEquals(0.5, s.get(0).share());
        assertEquals(0.0, s.get(1).share());
        assertEquals(0.5, s.get(2).share());
        assertEquals(4.0, s.get(0).influence());
        var neg = Attribution.shares(List.of(new Attribution.ExampleInfluence(0, "a", -3),
                new Attribution.ExampleInfluence(1, "b", -1)));
        assertEquals(0.5, neg.get(0).share());
        assertEquals(1.0, Spearman.of(new double[]{1, 2, 3}, new double[]{10, 20, 30}), 1e-12);
        assertEquals(-1.0, Spearman.of(new double[]{1, 2, 3}, new double[]{3, 2, 1}), 1e-12);
    }
}
