package io.datanet.trainer.attribution;

import io.datanet.trainer.io.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datanet.trainer.lora.Adapter;
import io.datanet.trainer.tensor.MatMul;
import io.datanet.trainer.train.Checkpoint;
import io.datanet.trainer.train.Example;
import io.datanet.trainer.train.TrainingConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The audit record of an attribution ({@link Attribution.Result#record()}): the method, every input's fingerprint
 * (config, examples, checkpoints) and every output, enough to recompute it and compare bit for bit. Stored beside
 * the payout it justifies.
 */
final class AttributionRecord {

    private AttributionRecord() {
    }

    static ObjectNode of(Attribution.Algorithm algorithm, TrainingConfig cfg, List<Example> train,
                                     List<Example> validation, int trainTokens, List<TracIn.CheckpointSpan> used,
                                     Map<String, Double> damping, List<Attribution.ExampleInfluence> ex,
                                     List<Attribution.ContributorShare> shares) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("version", Attribution.VERSION);
        r.put("method", algorithm.name());
        r.put("sign", "positive = lowers validation loss");
        r.put("example_loss", "sum of the example's token losses / training_target_tokens (training weighs"
                + " examples by their token counts); validation loss: mean over all validation tokens");
        r.put("training_target_tokens", trainTokens);
        r.put("normalisation", "share = max(0, contributor influence) / sum of max(0, .); equal split if none is positive");
        r.set("training_config", cfg.toJson());
        r.put("kernel", MatMul.kernelName());
        // java.lang.Math's exp/log/tanh may differ by an ulp between JDK builds or CPU architectures
        r.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " " + System.getProperty("os.arch"));
        r.put("train_examples_sha256", examplesHash(train));
        r.put("validation_examples_sha256", examplesHash(validation));
        if (algorithm == Attribution.Algorithm.TRACIN) {
            r.put("checkpoint_weight", "sum of the learning rates of the steps after the previous saved checkpoint"
                    + " up to this one (the run's schedule, recomputed from the config)");
        }
        if (algorithm == Attribution.Algorithm.DATAINF) {
            r.put("layers", "each lora_A and each lora_B matrix is a layer of its own");
            r.put("damping", "lambda_l = 0.1 * mean over training examples of the mean of the squared entries of"
                    + " the example's gradient for layer l");
            ObjectNode lambdas = r.putObject("lambda");
            damping.forEach(lambdas::put);
        }
        ArrayNode cps = r.putArray("checkpoints");
        for (TracIn.CheckpointSpan span : used) {
            Checkpoint c = span.checkpoint();
            ObjectNode n = cps.addObject();
            n.put("step", c.step());
            n.put("lr", c.lr());
            n.put("previous_step", span.previousStep());
            n.put("steps", span.steps());
            n.put("lr_sum", span.lrSum());
            n.put("adapter_sha256", Adapter.sha256(c.adapter()));
            n.put("training_fingerprint", c.fingerprint());
        }
        ArrayNode exs = r.putArray("examples");
        for (Attribution.ExampleInfluence e : ex) {
            ObjectNode n = exs.addObject();
            n.put("index", e.index());
            n.put("contributor", e.contributorId());
            n.put("text_sha256", sha256(train.get(e.index()).text()));
            n.put("influence", e.influence());
        }
        ArrayNode cs = r.putArray("contributors");
        for (Attribution.ContributorShare s : shares) {
            ObjectNode n = cs.addObject();
            n.put("contributor", s.contributorId());
            n.put("examples", s.examples());
            n.put("influence", s.influence());
            n.put("share", s.share());
        }
        return r;
    }

    static String examplesHash(List<Example> examples) {
        StringBuilder sb = new StringBuilder();
        for (Example e : examples) sb.append(e.contributorId()).append('\u001f').append(e.text()).append('\u001e');
        return sha256(sb.toString());
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
