package io.datanet.platform.db;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * SQL straight on the reactive PostgreSQL client: a transaction's connection ({@link Database#inTransaction}) or the
 * pool itself for a single statement ({@link Database#pool}). For the per-event paths, where Hibernate Reactive's
 * session, query and entity machinery around each statement cost more than the statement (BENCHMARKS.md,
 * "Pipeline": a third to a half of each service's CPU); Panache stays where it reads better (CRUD endpoints).
 *
 * <p>Statements are written with the {@code ?1, ?2, ...} placeholders of Hibernate's native queries, so SQL reads the
 * same wherever it runs, and become PostgreSQL's {@code $1, $2, ...}; the client prepares each statement once per
 * connection ({@code quarkus.datasource.reactive.cache-prepared-statements}). Values are bound as PostgreSQL takes
 * them: an {@link Instant} as a {@code timestamptz}, an enum by its name, a collection as an array, a {@code byte[]}
 * as {@code bytea} (a {@code byte[][]} as {@code bytea[]}). Rows come back as arrays of column values, with {@code numeric} as {@link java.math.BigDecimal}
 * and {@code bytea} as {@code byte[]}.
 */
public final class Sql {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\?(\\d+)");
    private static final Map<String, String> NATIVE = new ConcurrentHashMap<>();

    private final SqlClient client;

    Sql(SqlClient client) {
        this.client = client;
    }

    /** Runs an INSERT, UPDATE or DELETE (or any statement whose rows are not wanted); the number of rows it changed. */
    public Uni<Integer> update(String sql, Object... parameters) {
        return execute(sql, parameters).map(RowSet::rowCount);
    }

    /** The rows of a statement, each an array of its column values. */
    public Uni<List<Object[]>> rows(String sql, Object... parameters) {
        return execute(sql, parameters).map(Sql::columns);
    }

    /** The first row of a statement, or null if it has none. */
    public Uni<Object[]> first(String sql, Object... parameters) {
        return rows(sql, parameters).map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** Waits for and takes the transaction-scoped advisory lock on {@code key} in {@code namespace}. */
    public Uni<Void> lock(int namespace, String key) {
        return execute(TransactionLocks.LOCK, namespace, key).replaceWithVoid();
    }

    /** The statement executed as it is, for what {@link #rows} does not give (batches, typed reads). */
    public Uni<RowSet<Row>> execute(String sql, Object... parameters) {
        Tuple tuple = Tuple.tuple();
        for (Object parameter : parameters) {
            tuple.addValue(bindable(parameter));
        }
        return client.preparedQuery(nativeSql(sql)).execute(tuple);
    }

    /** Many executions of one statement in one round trip; each element of {@code batch} is one's parameters. */
    public Uni<RowSet<Row>> executeBatch(String sql, List<Object[]> batch) {
        List<Tuple> tuples = new ArrayList<>(batch.size());
        for (Object[] parameters : batch) {
            Tuple tuple = Tuple.tuple();
            for (Object parameter : parameters) {
                tuple.addValue(bindable(parameter));
            }
            tuples.add(tuple);
        }
        return client.preparedQuery(nativeSql(sql)).executeBatch(tuples);
    }

    static String nativeSql(String sql) {
        return NATIVE.computeIfAbsent(sql, s -> PLACEHOLDER.matcher(s).replaceAll("\\$$1"));
    }

    static Object bindable(Object value) {
        if (value instanceof Instant instant) {
            return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        if (value instanceof byte[] bytes) {
            return Buffer.buffer(bytes);
        }
        if (value instanceof byte[][] arrays) {
            Buffer[] buffers = new Buffer[arrays.length];
            for (int i = 0; i < arrays.length; i++) {
                buffers[i] = arrays[i] == null ? null : Buffer.buffer(arrays[i]);
            }
            return buffers;
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value instanceof Collection<?> collection) {
            // The client wants an array typed like its elements (String[] for text[], Long[] for bigint[], ...).
            Class<?> type = collection.isEmpty() ? String.class : collection.iterator().next().getClass();
            return collection.toArray((Object[]) java.lang.reflect.Array.newInstance(type, collection.size()));
        }
        return value;
    }

    private static List<Object[]> columns(RowSet<Row> rows) {
        List<Object[]> result = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Object[] columns = new Object[row.size()];
            for (int i = 0; i < columns.length; i++) {
                Object value = row.getValue(i);
                columns[i] = value instanceof Numeric numeric ? numeric.bigDecimalValue()
                        : value instanceof Buffer bytes ? bytes.getBytes() : value;
            }
            result.add(columns);
        }
        return result;
    }
}
