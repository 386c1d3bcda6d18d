package io.datanet.validation.meaning;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The running sum of a datanet's accepted records' embeddings: their mean says what the datanet's data is about.
 * Written in the transaction that commits a verdict, under the datanet's index-version lock, so concurrent judges
 * never lose an addition. Records of an upload an owner later rejects stay in the sum (a known simplification: one
 * upload among many barely moves the mean).
 */
@Entity
@Table(name = "accepted_topic")
public class AcceptedTopic extends PanacheEntityBase {

    @Id
    @Column(name = "datanet_id")
    public String datanetId;
    @Column(name = "embedding_sum", nullable = false)
    public byte[] embeddingSum;
    @Column(nullable = false)
    public long records;

    /**
     * What the accepted records are about: their unit mean embedding, and their cohesion, the records' average cosine
     * to it (for unit vectors that is the length of their mean).
     */
    public record Data(float[] direction, double cohesion) {
    }

    /** The datanet's accepted data, or null while it has fewer than {@code minRecords} records. */
    public static Uni<Data> mean(String datanetId, int minRecords) {
        return AcceptedTopic.<AcceptedTopic>findById(datanetId).map(topic -> {
            if (topic == null || topic.records < minRecords) {
                return null;
            }
            double[] sum = decode(topic.embeddingSum);
            float[] mean = new float[sum.length];
            double squares = 0;
            for (int d = 0; d < sum.length; d++) {
                mean[d] = (float) sum[d];
                squares += sum[d] * sum[d];
            }
            return new Data(Vectors.normalised(mean), Math.sqrt(squares) / topic.records);
        });
    }

    /** Adds accepted records' embeddings (in the committing transaction). */
    public static Uni<Void> add(String datanetId, List<float[]> embeddings) {
        if (embeddings.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return AcceptedTopic.<AcceptedTopic>findById(datanetId).flatMap(found -> {
            AcceptedTopic topic = found;
            double[] sum = found == null ? new double[embeddings.get(0).length] : decode(found.embeddingSum);
            for (float[] e : embeddings) {
                for (int d = 0; d < sum.length; d++) {
                    sum[d] += e[d];
                }
            }
            if (topic == null) {
                topic = new AcceptedTopic();
                topic.datanetId = datanetId;
            }
            topic.embeddingSum = encode(sum);
            topic.records += embeddings.size();
            return found == null ? topic.persist().replaceWithVoid() : Uni.createFrom().voidItem();
        });
    }

    private static double[] decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        double[] values = new double[bytes.length / Double.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getDouble();
        }
        return values;
    }

    private static byte[] encode(double[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Double.BYTES);
        for (double v : values) {
            buffer.putDouble(v);
        }
        return buffer.array();
    }
}
