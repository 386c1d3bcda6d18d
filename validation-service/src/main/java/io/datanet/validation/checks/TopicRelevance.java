package io.datanet.validation.checks;

import io.datanet.validation.meaning.Vectors;
import java.util.List;

/**
 * How relevant a record is to its datanet. Two things say what a datanet is about: its description and tags (from the
 * start), and, once {@link #MIN_ACCEPTED_RECORDS} records are accepted, those records. A record is on topic when
 * either says so, and {@code relevance.off-topic} when neither does:
 * <ul>
 *   <li>the description: the cosine of the record's embedding to the description's is at least the datanet's
 *       {@code minRelevance};</li>
 *   <li>the data: the cosine of the record's embedding to the accepted records' mean direction is at least
 *       {@link #DATA_SHARE} of the accepted records' own average cosine to it (their <em>cohesion</em>). The bar is
 *       relative because the two cosines live on different scales: every text of a language leans a little towards
 *       the mean of a datanet's data (unrelated news scores 0.06-0.15 against a cooking datanet's data, where it
 *       scores below 0 against a cooking description), while a tight datanet's own records score 0.6-0.8 and a
 *       broad one's 0.3-0.4. One absolute bar on the better of the two cosines, as first built, let off-topic
 *       prose through as soon as a datanet had data (BENCHMARKS.md, "Relevance").</li>
 * </ul>
 * A datanet with no description, no tags and too little data has no topic yet: its records are not judged.
 *
 * @param topic              unit embedding of the description and tags, or null
 * @param acceptedMean       unit mean embedding of the accepted records, or null while there are too few
 * @param acceptedCohesion   the accepted records' average cosine to {@code acceptedMean} (ignored when it is null)
 */
public record TopicRelevance(float[] topic, float[] acceptedMean, double acceptedCohesion, double minimum) {

    public static final String OFF_TOPIC = "relevance.off-topic";
    /** Fewer accepted records than this do not yet say what the datanet is about. */
    public static final int MIN_ACCEPTED_RECORDS = 20;
    /** The share of the data's cohesion a record's cosine to the data must reach (see the class comment). */
    public static final double DATA_SHARE = 0.4;

    /** A datanet known by its description alone. */
    public TopicRelevance(float[] topic, double minimum) {
        this(topic, null, 0, minimum);
    }

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

    /** The record's cosine to the description, or NaN without one. */
    public double toDescription(float[] embedding) {
        return topic == null ? Double.NaN : Vectors.dot(embedding, topic);
    }

    /** The record's cosine to the accepted data's mean direction, or NaN while there is too little data. */
    public double toData(float[] embedding) {
        return acceptedMean == null ? Double.NaN : Vectors.dot(embedding, acceptedMean);
    }

    public boolean offTopic(float[] embedding) {
        if (!known()) {
            return false;
        }
        boolean description = topic != null && toDescription(embedding) >= minimum;
        boolean data = acceptedMean != null && toData(embedding) >= DATA_SHARE * acceptedCohesion;
        return !description && !data;
    }
}
