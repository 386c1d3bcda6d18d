package io.datanet.validation.meaning;

import io.datanet.platform.db.Sql;
import io.smallrye.mutiny.Uni;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The running sum of a datanet's accepted records' embeddings: their mean says what the datanet's data is about.
 * Written in the transaction that commits a verdict, under the datanet's index-version lock, so concurrent judges
 * never lose an addition. Records of an upload an owner later rejects stay in the sum (a known simplification: one
 * upload among many barely moves the mean). Table {@code accepted_topic} (V15).
 */
public final class AcceptedTopic {

    private AcceptedTopic() {
    }

    /**
     * What the accepted records are about: their unit mean embedding, and their cohesion, the records' average cosine
     * to it (for unit vectors that is the length of their mean).
     */
    public record Data(float[] direction, double cohesion) {
    }

    /** The datanet's accepted data, or null while it has fewer than {@code minRecords} records. */
    public static Uni<Data> mean(Sql sql, String datanetId, int minRecords) {
        return sql.first("SELECT embedding_sum, records FROM accepted_topic WHERE datanet_id = ?1", datanetId)
                .map(row -> {
                    long records = row == null ? 0 : ((Number) row[1]).longValue();
                    if (records < minRecords) {
                        return null;
                    }
                    double[] sum = decode((byte[]) row[0]);
                    float[] mean = new float[sum.length];
                    double squares = 0;
                    for (int d = 0; d < sum.length; d++) {
                        mean[d] = (float) sum[d];
                        squares += sum[d] * sum[d];
                    }
                    return new Data(Vectors.normalised(mean), Math.sqrt(squares) / records);
                });
    }

    /** Adds accepted records' embeddings (in the committing transaction, under the datanet's version lock). */
    public static Uni<Void> add(Sql sql, String datanetId, List<float[]> embeddings) {
        if (embeddings.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.first("SELECT embedding_sum, records FROM accepted_topic WHERE datanet_id = ?1", datanetId)
                .chain(row -> {
                    double[] sum = row == null ? new double[embeddings.get(0).length] : decode((byte[]) row[0]);
                    long records = row == null ? 0 : ((Number) row[1]).longValue();
                    for (float[] e : embeddings) {
                        for (int d = 0; d < sum.length; d++) {
                            sum[d] += e[d];
                        }
                    }
                    return sql.update("INSERT INTO accepted_topic (datanet_id, embedding_sum, records) VALUES (?1, ?2, ?3) "
                                    + "ON CONFLICT (datanet_id) DO UPDATE SET embedding_sum = EXCLUDED.embedding_sum, "
                                    + "records = EXCLUDED.records",
                            datanetId, encode(sum), records + embeddings.size()).replaceWithVoid();
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
