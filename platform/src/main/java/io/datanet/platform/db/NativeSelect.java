package io.datanet.platform.db;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Native SQL SELECTs in the current Hibernate Reactive session, kept out of Hibernate's query plan cache.
 *
 * <p>Why: in Hibernate ORM 7.4 the cache key of a native select never equals the key stored for the same SQL, so
 * every execution misses and stores one more entry, all with the SQL's hash code; each lookup then walks them
 * all. In the pipeline benchmark that walk was 11-18% of the CPU of upload-, reputation- and training-service
 * (BENCHMARKS.md), and the junk entries crowd out the HQL plans the cache is for. A native select with a
 * multi-valued parameter is never cached ({@code NativeQueryImpl.isCacheableQuery}), so each statement gets an
 * unreferenced CTE with such a parameter: PostgreSQL does not evaluate it, and Hibernate skips the cache. The
 * plan of a native select is cheap to build. Hibernate Reactive 4.5 has {@code setQueryPlanCacheable(false)},
 * which replaces this once Quarkus brings it; {@code NativeSelectCacheTest} (upload-service) will show when
 * plain native selects start hitting the cache.
 */
public final class NativeSelect {

    private static final Pattern POSITIONAL = Pattern.compile("\\?(\\d+)");

    private NativeSelect() {
    }

    /** Rows of a multi-column select, as arrays; parameters are bound to ?1, ?2, ... in order. */
    public static Uni<List<Object[]>> rows(String sql, Object... parameters) {
        return Panache.getSession().flatMap(session -> {
            Mutiny.SelectionQuery<Object> query = bind(session.createNativeQuery(uncached(sql, parameters.length)),
                    parameters);
            return query.getResultList();
        }).map(rows -> rows.stream().map(row -> row instanceof Object[] columns ? columns : new Object[] {row}).toList());
    }

    /** The one value of a single-row, single-column select (a count, a lock taken through a count). */
    public static <T> Uni<T> single(String sql, Class<T> type, Object... parameters) {
        return Panache.getSession().flatMap(session ->
                bind(session.createNativeQuery(uncached(sql, parameters.length), type), parameters).getSingleResult());
    }

    /**
     * {@code sql} behind a CTE binding a one-element list to the next free positional parameter; a statement that
     * starts with its own {@code WITH} (a data-modifying CTE whose {@code RETURNING} rows are selected) gets it as
     * its first CTE.
     */
    static String uncached(String sql, int parameterCount) {
        String trimmed = sql.stripLeading();
        boolean with = trimmed.regionMatches(true, 0, "WITH ", 0, 5);
        if (!with && !trimmed.regionMatches(true, 0, "SELECT", 0, 6)) {
            throw new IllegalArgumentException("not a SELECT, nor a WITH ... SELECT: " + sql);
        }
        if (with && trimmed.regionMatches(true, 5, "RECURSIVE", 0, 9)) {
            throw new IllegalArgumentException("WITH RECURSIVE is not supported here: " + sql);
        }
        int highest = 0;
        Matcher m = POSITIONAL.matcher(sql);
        while (m.find()) {
            highest = Math.max(highest, Integer.parseInt(m.group(1)));
        }
        if (highest != parameterCount) {
            throw new IllegalArgumentException(parameterCount + " parameters for ?1..?" + highest + " in " + sql);
        }
        String bypass = "uncached_plan AS (SELECT 1 WHERE 1 IN (?" + (highest + 1) + "))";
        return with ? "WITH " + bypass + ", " + trimmed.substring(5).stripLeading() : "WITH " + bypass + " " + trimmed;
    }

    private static <R> Mutiny.SelectionQuery<R> bind(Mutiny.SelectionQuery<R> query, Object[] parameters) {
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query.setParameter(parameters.length + 1, List.of(1));
    }
}
