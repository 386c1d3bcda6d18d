package io.datanet.validation.checks;

import io.datanet.validation.meaning.Vectors;
import java.util.List;

/**
 * How relevant a record is to its datanet: the cosine similarity of its embedding to the datanet's topic, which is
 * its description and tags at first and, once {@link #MIN_ACCEPTED_RECORDS} records are accepted, also the mean of
 * their embeddings (whichever is closer: a datanet's data says more about its topic than one sentence of
 * description, and a description written before any data still guards the first uploads). A record below the
 * threshold is {@code relevance.off-topic}. A datanet with no description, no tags and too little data has no
 * topic yet: its records are not judged for relevance.
 *
 * @param topic          unit embedding of the description and tags, or null
 * @param acceptedMean   unit mean embedding of the accepted records, or null while there are too few
 */
public record TopicRelevance(float[] topic, float[] acceptedMean, double minimum) {

    public static final String OFF_TOPIC = "relevance.off-topic";
    /** Fewer accepted records than this do not yet say what the datanet is about. */
    public static final int MIN_ACCEPTED_RECORDS = 20;

    /** What a topic is embedded from: the description, then the tags. Null when there is neither. */
    public static String topicText(String description, List<String> tags) {
        StringBuilder text = new StringBuilder(description == null ? "" : description.strip());
        if (tags != null && !tags.isEmpty()) {
            if (!text.isEmpty()) {
                text.append(". ");
            }
            text.append(String.join(", ", tags));
        }
        return text.isEmpty() ? null : text.toString();
    }

    public boolean known() {
        return topic != null || acceptedMean != null;
    }

    /** The record's relevance in [-1, 1], or NaN when the datanet has no topic yet. */
    public double score(float[] embedding) {
        double score = Double.NaN;
        if (topic != null) {
            score = Vectors.dot(embedding, topic);
        }
        if (acceptedMean != null) {
            double toData = Vectors.dot(embedding, acceptedMean);
            score = Double.isNaN(score) ? toData : Math.max(score, toData);
        }
        return score;
    }

    public boolean offTopic(float[] embedding) {
        double score = score(embedding);
        return !Double.isNaN(score) && score < minimum;
    }
}
