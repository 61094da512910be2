package dev.overlay.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import dev.overlay.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The address book lives in a real SQLite file: where it is asked to, in WAL mode, migrated, durable. */
class SqliteDatabaseTest {

    static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    static final Endpoint A = Endpoint.parse("10.0.0.1:51235");
    static final Endpoint B = Endpoint.parse("10.0.0.2:51235");
    static final NodeId ID_1 = NodeId.parse("11".repeat(32));

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(T0);

    @Test
    void theDatabaseFileIsCreatedAtTheGivenPathWithItsDirectories() {
        Path file = dir.resolve("data/state/node.db");

        try (SqliteAddressBook book = SqliteAddressBook.open(file, 10, clock)) {
            assertThat(file).isRegularFile();
        }
    }

    @Test
    void theFileIsInWalJournalMode() {
        Path file = dir.resolve("node.db");

        try (SqliteAddressBook book = SqliteAddressBook.open(file, 10, clock)) {
            book.heard(A, T0);
        }

        assertThat(SqliteTestSupport.queryString(file, "PRAGMA journal_mode")).isEqualTo("wal");
    }

    @Test
    void theStoresConnectionUsesNormalSyncBusyTimeoutAndForeignKeys() {
        try (SqliteDatabase database = SqliteDatabase.open(dir.resolve("node.db"))) {
            assertThat(pragma(database, "synchronous"))
                    .isEqualTo(1); // NORMAL
            assertThat(pragma(database, "busy_timeout"))
                    .isEqualTo(SqliteDatabase.BUSY_TIMEOUT_MILLIS);
            assertThat(pragma(database, "foreign_keys"))
                    .isEqualTo(1);
        }
    }

    static int pragma(SqliteDatabase database, String name) {
        Integer value = database.read(jdbc -> jdbc.sql("PRAGMA " + name).query(Integer.class).single());
        return value;
    }

    @Test
    void flywayRecordsTheAppliedMigration() {
        Path file = dir.resolve("node.db");

        SqliteDatabase.open(file).close();

        assertThat(SqliteTestSupport.queryString(file,
                "SELECT description FROM flyway_schema_history WHERE version = '1' AND success = 1"))
                .isEqualTo("address book");
    }

    @Test
    void reopeningTheFileGivesBackTheSameEntries() {
        Path file = dir.resolve("node.db");
        SqliteAddressBook first = SqliteAddressBook.open(file, 10, clock);
        first.succeeded(A, ID_1, T0.plusSeconds(1));
        first.failed(B, T0.plusSeconds(2));
        var before = first.best(10);
        first.close();

        try (SqliteAddressBook reopened = SqliteAddressBook.open(file, 10, clock)) {
            assertThat(reopened.best(10)).isEqualTo(before).hasSize(2);
        }
    }

    @Test
    void reopeningDoesNotMigrateAgain() {
        Path file = dir.resolve("node.db");
        SqliteDatabase.open(file).close();

        SqliteDatabase.open(file).close();

        assertThat(SqliteTestSupport.queryLong(file, "SELECT count(*) FROM flyway_schema_history WHERE version = '1'"))
                .isEqualTo(1);
    }

    @Test
    void aCommittedUpdateIsInTheFileBeforeTheBookIsClosed() {
        Path file = dir.resolve("node.db");

        try (SqliteAddressBook book = SqliteAddressBook.open(file, 10, clock)) {
            book.succeeded(A, ID_1, T0);

            assertThat(SqliteTestSupport.queryLong(file, "SELECT score FROM address_book WHERE endpoint = '10.0.0.1:51235'"))
                    .isEqualTo(10);
        }
    }

    @Test
    void aBookInASharedDatabaseLeavesItOpenWhenClosed() {
        try (SqliteDatabase database = SqliteDatabase.open(dir.resolve("node.db"))) {
            SqliteAddressBook book = SqliteAddressBook.in(database, 10, clock);
            book.heard(A, T0);

            book.close();

            assertThat(database.isClosed()).isFalse();
            assertThat(SqliteAddressBook.in(database, 10, clock).size()).isEqualTo(1);
        }
    }
}
