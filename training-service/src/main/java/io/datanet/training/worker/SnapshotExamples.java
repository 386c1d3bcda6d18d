package io.datanet.training.worker;

import io.datanet.platform.blob.BlobStore;
import io.datanet.trainer.tokenizer.ChatTemplate;
import io.datanet.trainer.tokenizer.ChatTemplate.Message;
import io.datanet.trainer.tokenizer.ChatTemplate.UnsupportedTemplateException;
import io.datanet.trainer.train.Example;
import io.datanet.training.dataset.CleanedFile;
import io.datanet.training.dataset.SnapshotManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The training examples of a snapshot: every record of every upload's cleaned JSONL file (validation-service writes
 * {@code text}, or {@code prompt} and {@code completion}, and a conversation's {@code messages}), in manifest order
 * (by upload id) then file order, each with the contributor who uploaded it and its upload's id as its source. A
 * conversation is laid out in the base model's chat template when it has one, as the model will be prompted; otherwise, and when the template refuses
 * the conversation (Mistral's wants user and assistant turns alternating), as prompt and reply on lines. The same
 * snapshot and base model always give the same list.
 */
final class SnapshotExamples {

    /** The examples, and how many were conversations and how many of those went through the chat template. */
    record Read(List<Example> examples, int conversations, int inChatTemplate) {
    }

    private SnapshotExamples() {
    }

    static Read read(SnapshotManifest manifest, BlobStore blobs, Optional<ChatTemplate> chatTemplate) throws IOException {
        List<Example> examples = new ArrayList<>();
        int[] conversations = {0}, templated = {0};
        for (SnapshotManifest.Entry upload : manifest.uploads()) {
            CleanedFile.forEachRecord(blobs, upload.blobAddress(), record -> {
                String text = null;
                if (CleanedFile.isConversation(record)) {
                    conversations[0]++;
                    text = inTemplate(CleanedFile.messages(record), chatTemplate);
                    if (text != null) templated[0]++;
                }
                if (text == null) {
                    text = record.hasNonNull("text") ? record.get("text").asText()
                            : record.path("prompt").asText() + "\n" + record.path("completion").asText();
                }
                return examples.add(new Example(text, upload.contributorId(), upload.uploadId()));
            });
        }
        return new Read(examples, conversations[0], templated[0]);
    }

    /** The conversation in the model's chat template, or null when there is none or it refuses the conversation. */
    private static String inTemplate(List<Message> turns, Optional<ChatTemplate> chatTemplate) {
        if (chatTemplate.isEmpty()) return null;
        try {
            return chatTemplate.get().render(turns, false);
        } catch (UnsupportedTemplateException e) {
            return null;
        }
    }

    /** The seed of a snapshot's train/validation split: from its digest, so the split belongs to the snapshot. */
    static long splitSeed(String snapshotDigest) {
        String hex = snapshotDigest.substring(snapshotDigest.indexOf(':') + 1);
        return Long.parseUnsignedLong(hex.substring(0, 15), 16);
    }
}
