package io.datanet.validation.dedup;

/**
 * What the duplicate index needs of a record: its fingerprints (exact hash, MinHash signature, function-word
 * skeleton, sentence embedding) and the band keys it is filed under. The checks' per-record analysis provides
 * them; the index does not need to know what else the checks found.
 */
public interface Fingerprinted {
    /** The record's position in its upload. */
    int recordIndex();

    /** Null for a record that could not be read (then it has no fingerprints and is not indexed). */
    String exactHash();

    int[] signature();

    /** Null for a record too short to have one ({@link Skeleton}). */
    int[] skeleton();

    /** Null until computed for the upload. */
    float[] embedding();

    /** Every band key the index files the record under. */
    long[] indexKeys();

    default boolean readable() {
        return exactHash() != null;
    }
}
