package io.datanet.upload.upload;

import io.datanet.events.Verdict;

public enum UploadStatus {
    RECEIVED, PENDING_REVIEW, ACCEPTED, REJECTED;

    public static UploadStatus of(Verdict verdict) {
        return switch (verdict) {
            case ACCEPTED -> ACCEPTED;
            case REJECTED -> REJECTED;
            case PENDING_REVIEW -> PENDING_REVIEW;
        };
    }
}
