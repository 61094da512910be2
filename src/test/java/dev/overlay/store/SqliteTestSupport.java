package dev.overlay.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Looks into a database file through a connection of its own, as an operator's sqlite3 shell would. */
final class SqliteTestSupport {

    private SqliteTestSupport() {
    }

    static String queryString(Path file, String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            if (!row.next()) {
                throw new AssertionError("no row for " + sql);
            }
            return row.getString(1);
        } catch (SQLException e) {
            throw new AssertionError("cannot run " + sql + " on " + file, e);
        }
    }

    static long queryLong(Path file, String sql) {
        return Long.parseLong(queryString(file, sql));
    }

    static void execute(Path file, String... statements) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.executeUpdate(sql);
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot run " + String.join("; ", statements) + " on " + file, e);
        }
    }
}
