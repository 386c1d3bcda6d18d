package io.datanet.events;

/**
 * One upload of a training job's snapshot and what its records did: how many trained the adapter, how many
 * measured it, and the summed influence of those that trained it (the contributor's influence is the sum over
 * their uploads).
 *
 * @param influence signed influence of the upload's training examples on the validation loss (positive helps);
 *                  0 for an upload whose records all went to validation
 */
public record UploadInfluence(String uploadId, String contributorId, int trainExamples, int validationExamples,
                              double influence) {
    public UploadInfluence {
        Require.text(uploadId, "uploadId");
        Require.text(contributorId, "contributorId");
    }
}
