package io.datanet.platform.db;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Function;

/**
 * The service's database through the reactive PostgreSQL client, without Hibernate Reactive (see {@link Sql}).
 *
 * <p>It shares its pool with Hibernate Reactive: never ask it for a connection while holding a Hibernate Reactive
 * session (inside {@code Panache.withSession}/{@code withTransaction}). Under load every pooled connection would be
 * some request's session, each waiting for a second connection that none will give back (QuotaRaceTest, forty
 * parallel uploads, waited for ever when upload-service's datanet lookup kept its session open around the checks).
 */
@ApplicationScoped
public class Database {

    @Inject
    Pool pool;

    /** Runs {@code work} in a transaction of its own: committed if its Uni succeeds, rolled back if it fails. */
    public <T> Uni<T> inTransaction(Function<Sql, Uni<T>> work) {
        return pool.withTransaction(connection -> work.apply(new Sql(connection)));
    }

    /** Statements each on a connection of the pool's choosing, each committed on its own: reads, mostly. */
    public Sql pool() {
        return new Sql(pool);
    }
}
