package io.datanet.validation.dedup;

/**
 * Another upload's commit changed the datanet's duplicate index after this upload's candidates were read: the
 * verdict may be wrong (both could be copies of each other), so the transaction rolls back and the upload is
 * judged again against the index as it is now.
 */
public final class IndexChangedException extends RuntimeException {
    public IndexChangedException(String datanetId, long seen, long now) {
        super("duplicate index of datanet " + datanetId + " changed from version " + seen + " to " + now, null,
                false, false);
    }
}
