package io.datanet.trainer.train;

/** One training or validation text and who contributed it. */
public record Example(String text, String contributorId) {
    public Example {
        if (text == null) throw new IllegalArgumentException("text is null");
    }
}
