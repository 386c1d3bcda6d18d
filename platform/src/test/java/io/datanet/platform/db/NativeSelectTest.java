package io.datanet.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NativeSelectTest {

    @Test
    void theCacheBypassTakesTheNextFreeParameter() {
        assertEquals("WITH uncached_plan AS (SELECT 1 WHERE 1 IN (?3)) SELECT a FROM t WHERE b = ?1 AND c = ?2",
                NativeSelect.uncached("  SELECT a FROM t WHERE b = ?1 AND c = ?2", 2));
        assertEquals("WITH uncached_plan AS (SELECT 1 WHERE 1 IN (?1)) select count(*) from t",
                NativeSelect.uncached("select count(*) from t", 0));
        // ?10 is one parameter, not ?1 followed by a 0
        assertEquals("WITH uncached_plan AS (SELECT 1 WHERE 1 IN (?11)) SELECT ?10, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9",
                NativeSelect.uncached("SELECT ?10, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9", 10));
        // A statement with CTEs of its own (here one that inserts and returns) gets the bypass as its first CTE
        assertEquals("WITH uncached_plan AS (SELECT 1 WHERE 1 IN (?2)), x AS (INSERT INTO t VALUES (?1) RETURNING a) "
                        + "SELECT a FROM x",
                NativeSelect.uncached("WITH x AS (INSERT INTO t VALUES (?1) RETURNING a) SELECT a FROM x", 1));
    }

    @Test
    void onlyPlainSelectsWithEveryParameterBound() {
        assertThrows(IllegalArgumentException.class,
                () -> NativeSelect.uncached("WITH RECURSIVE x AS (SELECT 1) SELECT * FROM x", 0));
        assertThrows(IllegalArgumentException.class, () -> NativeSelect.uncached("UPDATE t SET a = ?1", 1));
        assertThrows(IllegalArgumentException.class, () -> NativeSelect.uncached("SELECT a FROM t WHERE b = ?1", 2));
        assertThrows(IllegalArgumentException.class, () -> NativeSelect.uncached("SELECT a FROM t WHERE b = ?2", 1));
    }
}
