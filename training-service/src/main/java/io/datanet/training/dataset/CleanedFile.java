package io.datanet.training.dataset;

import io.datanet.events.DatanetJson;
import com.fasterxml.jackson.databind.JsonNode;
import io.datanet.platform.blob.BlobStore;
import io.datanet.trainer.tokenizer.ChatTemplate.Message;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of an upload's cleaned file, as validation-service writes it: JSONL, one record a line, with its
 * number in the upload ({@code record}) and {@code text}, or {@code prompt} and {@code completion} (with a
 * conversation's turns as {@code messages}). What training reads its examples from and exports are written from.
 */
public final class CleanedFile {

    /** Sees each record in file order; false stops the reading. */
    public interface RecordVisitor {
        boolean visit(JsonNode record) throws IOException;
    }

    private CleanedFile() {
    }

    /** Whether the record is a conversation: validation kept its turns. */
    public static boolean isConversation(JsonNode record) {
        return record.path("messages").isArray();
    }

    /** A conversation's turns in order (none for a record that is not one). */
    public static List<Message> messages(JsonNode record) {
        List<Message> turns = new ArrayList<>();
        for (JsonNode m : record.path("messages")) turns.add(new Message(m.path("role").asText(), m.path("content").asText()));
        return turns;
    }

    public static void forEachRecord(BlobStore blobs, String address, RecordVisitor visitor) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(blobs.open(address),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !visitor.visit(DatanetJson.mapper().readTree(line))) {
                    return;
                }
            }
        }
    }
}
