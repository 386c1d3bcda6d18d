package io.datanet.trainer.train;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Where a run keeps its checkpoints; the training-service backs it with durable storage. */
public interface CheckpointStore {
    void save(Checkpoint checkpoint) throws IOException;

    /** The checkpoint with the highest step, if any. */
    Optional<Checkpoint> latest() throws IOException;

    /** Every kept checkpoint in step order (TracIn sums over them). */
    List<Checkpoint> all() throws IOException;

    /** A store that keeps nothing. */
    CheckpointStore NONE = new CheckpointStore() {
        @Override
        public void save(Checkpoint checkpoint) {
        }

        @Override
        public Optional<Checkpoint> latest() {
            return Optional.empty();
        }

        @Override
        public List<Checkpoint> all() {
            return List.of();
        }
    };
}
