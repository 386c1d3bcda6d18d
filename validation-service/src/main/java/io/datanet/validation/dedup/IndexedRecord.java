package io.datanet.validation.dedup;

/** A record already accepted in the datanet, as the duplicate index knows it. */
public record IndexedRecord(String contributorId, String uploadId, int recordIndex, String exactHash, int[] signature) {
}
