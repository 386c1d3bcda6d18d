package io.datanet.events;

import java.time.Instant;

/**
 * An upload left the platform's data: its contributor withdrew it, or an operator erased it on the contributor's
 * request (the right to erasure). Every consumer undoes what the upload did, once: its records leave the duplicate
 * index and every later snapshot, its verdict no longer counts for reputation, and its files are deleted once nothing
 * still refers to them. Final: a withdrawn upload stays withdrawn, whatever verdict arrives after.
 *
 * @param requestedBy who asked: the contributor, or the operator who erased it
 */
public record UploadWithdrawn(String uploadId, String datanetId, String contributorId, String requestedBy,
                              Reason reason, Instant withdrawnAt) {

    public enum Reason {
        /** The contributor took it back. */
        WITHDRAWN,
        /** An operator erased the contributor's data on their request. */
        ERASED
    }

    public UploadWithdrawn {
        Require.text(uploadId, "uploadId");
        Require.text(datanetId, "datanetId");
        Require.text(contributorId, "contributorId");
        Require.text(requestedBy, "requestedBy");
        Require.present(reason, "reason");
        Require.present(withdrawnAt, "withdrawnAt");
    }
}
