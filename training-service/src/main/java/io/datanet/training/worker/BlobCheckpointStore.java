package io.datanet.training.worker;

import io.datanet.events.DatanetJson;
import com.fasterxml.jackson.core.type.TypeReference;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.trainer.train.Checkpoint;
import io.datanet.trainer.train.CheckpointStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A job's checkpoints in the blob store, listed in its database row: a checkpoint counts once its blob is stored
 * and the row names it (under the worker's lease), so a crash mid-save leaves the previous one in charge.
 */
final class BlobCheckpointStore implements CheckpointStore {

    /** One saved checkpoint. */
    record Saved(int step, String address) {
    }

    /** Records the list after a save; throws when the job is no longer this worker's (the run then stops). */
    interface Recorder {
        void saved(int step, String address, String allAsJson) throws IOException;
    }

    private final BlobStore blobs;
    private final List<Saved> saved;
    private final Recorder recorder;

    BlobCheckpointStore(BlobStore blobs, String savedJson, Recorder recorder) {
        this.blobs = blobs;
        this.saved = new ArrayList<>(DatanetJson.read(savedJson, new TypeReference<List<Saved>>() { }));
        this.recorder = recorder;
    }

    @Override
    public void save(Checkpoint checkpoint) throws IOException {
        byte[] bytes = CheckpointCodec.encode(checkpoint);
        StoredBlob blob = blobs.put(new ByteArrayInputStream(bytes), bytes.length);
        saved.removeIf(s -> s.step() >= checkpoint.step());   // a resumed run saves its steps again
        saved.add(new Saved(checkpoint.step(), blob.address()));
        recorder.saved(checkpoint.step(), blob.address(), DatanetJson.write(saved));
    }

    @Override
    public Optional<Checkpoint> latest() throws IOException {
        return saved.isEmpty() ? Optional.empty() : Optional.of(load(saved.get(saved.size() - 1)));
    }

    @Override
    public List<Checkpoint> all() throws IOException {
        List<Checkpoint> all = new ArrayList<>();
        for (Saved s : saved) {
            all.add(load(s));
        }
        return all;
    }

    private Checkpoint load(Saved s) throws IOException {
        try (InputStream in = blobs.open(s.address())) {
            return CheckpointCodec.decode(in.readAllBytes());
        }
    }
}
