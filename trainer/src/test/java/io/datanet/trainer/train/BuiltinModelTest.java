package io.datanet.trainer.train;

import io.datanet.trainer.lora.LoraConfig;
import io.datanet.trainer.model.CausalLM;
import io.datanet.trainer.tokenizer.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The shipped base model: it knows English, and LoRA / QLoRA fine-tuning on a small in-domain set helps. */
public class BuiltinModelTest {
    public static boolean present() {
        return BuiltinModelTest.class.getResource("/models/sotu-byte-4x192/model.safetensors") != null;
    }

    @BeforeAll
    static void requireModel() {
        assumeTrue(present(), "built-in model not generated yet (trainer/scripts/pretrain.sh)");
    }

    @Test
    void knowsEnglishBetterThanGibberish() {
        CausalLM m = BaseModels.load(BaseModels.DEFAULT);
        Tokenizer tok = BaseModels.tokenizer(BaseModels.DEFAULT);
        assertEquals(257, m.vocabSize());
        double english = loss(m, tok, "The Congress of the United States has the duty to provide for the common defense of the people.");
        double gibberish = loss(m, tok, "qz xkv jwpq zzqx vbnq wkxj qpqz vvxk jqzw xkqp zjvq kxwz qjpv zxqk wjvz qkxp vzjq");
        System.out.printf("built-in model: English %.3f nats/byte, gibberish %.3f%n", english, gibberish);
        assertTrue(english < 2.0, "English loss " + english);
        assertTrue(gibberish > english + 1.0);
    }

    private static double loss(CausalLM m, Tokenizer tok, String text) {
        List<Sequences.Window> w = Sequences.of(0, text, tok, 128);
        return Evaluation.of(m, w, 1, 128).loss();
    }

    @Test
    void loraAndQloraLowerHeldOutLossWithASmallGap() {
        List<Example> data = Fixtures.weatherExamples(60, "in-domain", 77);
        TrainingConfig cfg = TrainingConfig.builder(BaseModels.DEFAULT).seqLen(80).microBatch(8).steps(30)
                .lr(3e-3f).warmupSteps(3).seed(3).validationFraction(0.25f)
                .lora(new LoraConfig(8, 16f, 0.05f, List.of("c_attn", "c_proj", "c_fc"))).build();
        TrainingResult lora = Trainer.fineTune(cfg, data, ProgressListener.NONE, CheckpointStore.NONE);
        TrainingResult q = Trainer.fineTune(cfg.toBuilder().method(Method.QLORA).build(), data,
                ProgressListener.NONE, CheckpointStore.NONE);
        System.out.printf("built-in base on weather reports: base %.4f (ppl %.2f) → LoRA %.4f (ppl %.2f); "
                        + "NF4 base %.4f → QLoRA %.4f (ppl %.2f); gap %.4f nats; base weights %.2f MB → %.2f MB; "
                        + "%.0f / %.0f tokens/s%n",
                lora.base().loss(), lora.base().perplexity(), lora.adapted().loss(), lora.adapted().perplexity(),
                q.quantizedBase().loss(), q.adapted().loss(), q.adapted().perplexity(),
                q.adapted().loss() - lora.adapted().loss(), lora.baseWeightBytes() / 1e6, q.baseWeightBytes() / 1e6,
                lora.tokensPerSecond(), q.tokensPerSecond());
        assertTrue(lora.adapted().loss() < lora.base().loss() - 0.3, "LoRA lowers held-out loss");
        assertTrue(q.adapted().loss() < q.quantizedBase().loss() - 0.3, "QLoRA lowers held-out loss");
        assertTrue(Math.abs(q.adapted().loss() - lora.adapted().loss()) < 0.05, "QLoRA within 0.05 nats of LoRA");
        assertTrue(q.baseWeightBytes() < 0.4 * lora.baseWeightBytes());
    }
}
