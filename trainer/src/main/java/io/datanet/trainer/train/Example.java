package io.datanet.trainer.train;

/**
 * One training or validation text, who contributed it and, optionally, where it came from (an upload id, a file),
 * so that what is computed per example (attribution) can be summed per source.
 */
public record Example(String text, String contributorId, String source) {
    public Example {
        if (text == null) throw new IllegalArgumentException("text is null");
    }

    public Example(String text, String contributorId) {
        this(text, contributorId, null);
    }
}
