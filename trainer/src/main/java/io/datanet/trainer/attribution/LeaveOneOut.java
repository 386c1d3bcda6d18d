package io.datanet.trainer.attribution;

import io.datanet.trainer.train.CheckpointStore;
import io.datanet.trainer.train.Example;
import io.datanet.trainer.train.ProgressListener;
import io.datanet.trainer.train.Trainer;
import io.datanet.trainer.train.TrainingConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Ground truth for attribution: retrain without each contributor and measure how much the validation loss rises.
 * value(c) = L_val(trained without c) − L_val(trained on all); positive = the contributor helped.
 * The same config (seed, steps) is used for every retraining, so only the data differs.
 */
public final class LeaveOneOut {
    private LeaveOneOut() {
    }

    public static Map<String, Double> contributorValues(TrainingConfig cfg, List<Example> train,
                                                        List<Example> validation) {
        double full = Trainer.fineTune(cfg, train, validation, ProgressListener.NONE, CheckpointStore.NONE)
                .adapted().loss();
        Map<String, Double> out = new LinkedHashMap<>();
        for (String c : new LinkedHashSet<>(train.stream().map(Example::contributorId).toList())) {
            List<Example> rest = new ArrayList<>();
            for (Example e : train) if (!e.contributorId().equals(c)) rest.add(e);
            double without = Trainer.fineTune(cfg, rest, validation, ProgressListener.NONE, CheckpointStore.NONE)
                    .adapted().loss();
            out.put(c, without - full);
        }
        return out;
    }
}
