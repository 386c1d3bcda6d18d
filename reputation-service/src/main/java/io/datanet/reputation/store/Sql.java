package io.datanet.reputation.store;

import io.datanet.platform.db.NativeSelect;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/** Native SQL in the current Hibernate Reactive session (the one ProcessedEvents and Outbox write in). */
final class Sql {

    private Sql() {
    }

    static Uni<Integer> update(String sql, Object... parameters) {
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeMutationQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.executeUpdate();
        });
    }

    static Uni<List<Object[]>> select(String sql, Object... parameters) {
        return NativeSelect.rows(sql, parameters);
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalStateException("not a timestamp: " + value.getClass());
    }

    static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        return value == null ? BigDecimal.ZERO : new BigDecimal(value.toString());
    }

    static long integer(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    static double real(Object value) {
        return ((Number) value).doubleValue();
    }
}
