package io.datanet.validation.records;

import java.util.List;

/**
 * One training example found in an upload. {@code text} is what the quality and duplicate checks read (the
 * prompt and completion joined for instruction data, every turn of a conversation); {@code structureError} is a
 * reason code when the record could not be read at all.
 *
 * @param index    1-based position in the file (line for JSONL, row for CSV, paragraph for text)
 * @param messages a conversation's turns as uploaded, kept so training can lay them out in its base model's chat
 *                 template; its prompt is every turn before the assistant's last reply, its completion that reply
 */
public record DatasetRecord(int index, String text, String prompt, String completion, List<Message> messages,
                            String structureError) {

    /** The roles a conversation's turns may have: those every model's chat template knows. */
    public static final List<String> ROLES = List.of("system", "user", "assistant");

    /** One turn of a conversation. */
    public record Message(String role, String content) {
    }

    public static DatasetRecord text(int index, String text) {
        return new DatasetRecord(index, text, null, null, null, null);
    }

    public static DatasetRecord instruction(int index, String prompt, String completion) {
        return new DatasetRecord(index, prompt + "\n" + completion, prompt, completion, null, null);
    }

    /** A conversation ending with the assistant's reply (the reader checks it does). */
    public static DatasetRecord conversation(int index, List<Message> messages) {
        StringBuilder prompt = new StringBuilder();
        for (Message m : messages.subList(0, messages.size() - 1)) {
            prompt.append(prompt.length() == 0 ? "" : "\n").append(m.content());
        }
        String completion = messages.get(messages.size() - 1).content();
        return new DatasetRecord(index, prompt + "\n" + completion, prompt.toString(), completion,
                List.copyOf(messages), null);
    }

    public static DatasetRecord broken(int index, String reasonCode) {
        return new DatasetRecord(index, "", null, null, null, reasonCode);
    }

    public boolean isInstruction() {
        return prompt != null;
    }

    public boolean isConversation() {
        return messages != null;
    }
}
