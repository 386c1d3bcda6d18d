package io.datanet.validation.judge;

import io.datanet.validation.judge.JudgingSettings;
import io.datanet.platform.blob.BlobStore;
import io.datanet.validation.records.DatasetRecord;
import io.datanet.validation.records.RecordReader;
import io.datanet.validation.records.UnreadableFileException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.util.List;

/**
 * An upload's records as validation reads them: the same reader and limits for judging the file and for showing it
 * to the people who decide on it, so a record's number means the same in both.
 */
@ApplicationScoped
public class UploadRecords {

    @Inject
    BlobStore blobs;
    @Inject
    JudgingSettings judging;

    /** Blocking. Throws when the blob is missing, and {@link UnreadableFileException} when it is not a dataset. */
    public List<DatasetRecord> read(String blobAddress, String fileName) throws Exception {
        try (InputStream in = blobs.open(blobAddress)) {
            return RecordReader.read(in, fileName, judging.documents().limits(), RecordReader.MAX_CSV_COLUMNS);
        }
    }
}
