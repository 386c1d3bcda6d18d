package io.datanet.validation.dedup;

/**
 * A record already accepted in the datanet, as the duplicate index knows it.
 *
 * @param skeleton  its {@link Skeleton} signature, null when it is too short or was indexed before paraphrases were
 * @param embedding its sentence embedding, null when it was indexed before paraphrases were
 */
public record IndexedRecord(String contributorId, String uploadId, int recordIndex, String exactHash, int[] signature,
                            int[] skeleton, float[] embedding) {

    /** A record known by its exact hash and near-duplicate signature only. */
    public IndexedRecord(String contributorId, String uploadId, int recordIndex, String exactHash, int[] signature) {
        this(contributorId, uploadId, recordIndex, exactHash, signature, null, null);
    }
}
