package io.datanet.validation.checks;

import io.datanet.validation.meaning.Vectors;
import java.util.List;

/**
 * How relevant a record is to its datanet. Two things say what a datanet is about: its description and tags (from the
 * start), and, once {@link #MIN_ACCEPTED_RECORDS} records are accepted, those records. The record's embedding is
 * compared with both, and the record is {@code relevance.off-topic} when it does not pass:
 * <ul>
 *   <li>a new datanet (too little data): the cosine to the description's embedding must reach the datanet's
 *       {@code minRelevance};</li>
 *   <li>a datanet with data: the cosine to the accepted records' mean direction must reach {@link #DATA_SHARE} of the
 *       accepted records' own average cosine to it (their <em>cohesion</em>), or {@link #DESCRIBED_DATA_SHARE} of it
 *       for a record the description also vouches for (cosine to it at least {@code minRelevance}). The bar is
 *       relative because this cosine lives on its own scale: every text of a language leans a little towards the
 *       mean of a datanet's data (unrelated news scores 0.06-0.15 against a cooking datanet's data, where it scores
 *       below 0 against a cooking description), while a tight datanet's own records score 0.6-0.8 and a broad one's
 *       0.3-0.4.</li>
 * </ul>
 * Why the description no longer passes a record by itself once there is data: one sentence of description is a blunt
 * instrument (a description of technical mailing lists passed 45% of unrelated prose at 0.05), while the data says
 * what the datanet really holds. It still helps the records at the edge of the data, which a broad datanet has many
 * of. Measured against the first rules (either test passing; one absolute bar on the better cosine) on labelled real
 * text, the lower of precision and recall improved for every datanet evaluated (BENCHMARKS.md, "Relevance").
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
    public static final double DATA_SHARE = 0.45;
    /** The share it must reach when the description vouches for the record too. */
    public static final double DESCRIBED_DATA_SHARE = 0.25;

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
        boolean described = topic != null && toDescription(embedding) >= minimum;
        if (acceptedMean == null) {
            return !described;
        }
        double toData = toData(embedding);
        return toData < DATA_SHARE * acceptedCohesion && !(described && toData >= DESCRIBED_DATA_SHARE * acceptedCohesion);
    }
}
