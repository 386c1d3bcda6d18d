package io.datanet.upload.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datanet.platform.db.NativeSelect;
import io.datanet.platform.testing.DatanetTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

/**
 * Why platform's NativeSelect exists, and that it works: with Hibernate's statistics on, a plain native select
 * misses the query plan cache on every execution (each one stores another entry), while the same select through
 * NativeSelect never touches the cache and returns the same rows. The day the first assertion fails, Hibernate
 * caches native selects and NativeSelect's workaround can go.
 */
@QuarkusTest
@WithTestResource(DatanetTestResource.class)
@TestProfile(NativeSelectCacheTest.WithStatistics.class)
class NativeSelectCacheTest {

    public static class WithStatistics implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.hibernate-orm.statistics", "true");
        }
    }

    private static final int RUNS = 10;
    private static final String SQL = "SELECT count(*) FROM upload WHERE contributor_id = ?1 AND size_bytes >= ?2";

    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    Vertx vertx;

    @Test
    void plainNativeSelectsMissEveryTimeAndNativeSelectSkipsTheCache() throws Exception {
        Statistics statistics = sessions.getStatistics();
        long misses = statistics.getQueryPlanCacheMissCount();
        long hits = statistics.getQueryPlanCacheHitCount();
        for (int i = 0; i < RUNS; i++) {
            Long plain = onVertxContext(() -> Panache.withSession(() -> Panache.getSession().flatMap(s -> s
                    .createNativeQuery(SQL, Long.class).setParameter(1, "nobody").setParameter(2, 0L).getSingleResult())));
            assertEquals(0L, plain);
        }
        assertEquals(misses + RUNS, statistics.getQueryPlanCacheMissCount(), "every plain native select misses");
        assertEquals(hits, statistics.getQueryPlanCacheHitCount(), "and none hits");

        for (int i = 0; i < RUNS; i++) {
            Long count = onVertxContext(() -> Panache.withSession(() -> NativeSelect.single(SQL, Long.class, "nobody", 0L)));
            assertEquals(0L, count);
            List<Object[]> rows = onVertxContext(() -> Panache.withSession(() ->
                    NativeSelect.rows("SELECT CAST(?1 AS text), CAST(?2 AS integer) WHERE ?3 = 3", "a", 2, 3)));
            assertEquals(1, rows.size());
            assertEquals(List.of("a", 2), List.of(rows.get(0)[0], rows.get(0)[1]));
        }
        assertEquals(misses + RUNS, statistics.getQueryPlanCacheMissCount(), "NativeSelect never looks the plan up");
        assertEquals(hits, statistics.getQueryPlanCacheHitCount());
    }

    /** Panache needs a safe duplicated Vert.x context, as it has in a request or a Kafka consumer. */
    private <T> T onVertxContext(Supplier<Uni<T>> work) throws Exception {
        Context context = VertxContext.getOrCreateDuplicatedContext(vertx);
        VertxContextSafetyToggle.setContextSafe(context, true);
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(x -> work.get().subscribe().with(result::complete, result::completeExceptionally));
        return result.get(30, TimeUnit.SECONDS);
    }
}
