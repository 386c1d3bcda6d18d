package io.datanet.trainer.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** Keeps checkpoints in memory (tests, attribution right after training). */
public final class InMemoryCheckpointStore implements CheckpointStore {
    private final TreeMap<Integer, Checkpoint> byStep = new TreeMap<>();

    @Override
    public synchronized void save(Checkpoint c) {
        byStep.put(c.step(), c);
    }

    @Override
    public synchronized Optional<Checkpoint> latest() {
        return byStep.isEmpty() ? Optional.empty() : Optional.of(byStep.lastEntry().getValue());
    }

    @Override
    public synchronized List<Checkpoint> all() {
        return new ArrayList<>(byStep.values());
    }
}
