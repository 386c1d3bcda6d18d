package io.datanet.systemtests;

/**
 * One upload the load offered: what kind of file it was, who sent it under which Idempotency-Key, and the upload id
 * its 202 named (null if it never got one). A copy names the upload it copied.
 */
record SubmittedUpload(Kind kind, String contributor, String idempotencyKey, String uploadId, String copyOf) {

    enum Kind {
        /** Fresh records: ACCEPTED unless another contributor's copy of it was judged first. */
        GOOD,
        /** Records with an e-mail address and a phone number: REJECTED. */
        PERSONAL_DATA,
        /** A verbatim copy of another contributor's GOOD upload: of the two, exactly one is ACCEPTED. */
        COPY
    }

    boolean accepted202() {
        return uploadId != null;
    }
}
