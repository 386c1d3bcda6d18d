package io.datanet.upload.files;

import io.datanet.events.Verdict;
import io.datanet.platform.problem.ProblemException;
import java.util.Locale;

public enum UploadStatus {
    RECEIVED, PENDING_REVIEW, ACCEPTED, REJECTED,
    /** Taken back by its contributor or erased on request: final, whatever verdict arrives after. */
    WITHDRAWN;

    /** A {@code status} query parameter, in any letter case; 400 problem JSON naming the parameter otherwise. */
    public static UploadStatus parse(String status) {
        try {
            return valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("status must be one of RECEIVED, PENDING_REVIEW, ACCEPTED, REJECTED, WITHDRAWN")
                    .with("parameter", "status");
        }
    }

    public static UploadStatus of(Verdict verdict) {
        return switch (verdict) {
            case ACCEPTED -> ACCEPTED;
            case REJECTED -> REJECTED;
            case PENDING_REVIEW -> PENDING_REVIEW;
        };
    }
}
