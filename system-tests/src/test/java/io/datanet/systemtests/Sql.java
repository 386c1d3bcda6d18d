package io.datanet.systemtests;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The few JDBC reads the system tests make of the services' databases. */
final class Sql {

    private Sql() {
    }

    static long count(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** A two-column query as a map from the first column to the second. */
    static Map<String, String> map(Connection connection, String sql, Object... parameters) throws SQLException {
        Map<String, String> result = new HashMap<>();
        for (String[] row : rows(connection, sql, parameters)) {
            result.put(row[0], row[1]);
        }
        return result;
    }

    static List<String[]> rows(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters); ResultSet rows = statement.executeQuery()) {
            int columns = rows.getMetaData().getColumnCount();
            List<String[]> result = new ArrayList<>();
            while (rows.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rows.getString(i + 1);
                }
                result.add(row);
            }
            return result;
        }
    }

    /** Binds String[] parameters as SQL text arrays, for {@code = ANY(?)}. */
    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            Object parameter = parameters[i];
            statement.setObject(i + 1, parameter instanceof String[] array ? connection.createArrayOf("text", array) : parameter);
        }
        return statement;
    }
}
