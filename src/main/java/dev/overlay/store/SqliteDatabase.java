package dev.overlay.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The node's SQLite database file: opened with WAL journaling, {@code synchronous=NORMAL}, a busy
 * timeout and foreign keys on, migrated by Flyway (the SQL scripts in {@code classpath:db/migration}, then
 * {@link CanonicalBanAddresses}), then held as <b>one</b> connection. Works without a Spring context.
 *
 * <p><b>Threading:</b> thread-safe. The one connection is confined behind this object's lock:
 * {@link #read} and {@link #write} run their work while holding it, so statements of different threads
 * never interleave and a {@link #write} is a single transaction ({@code BEGIN IMMEDIATE}) that commits
 * or rolls back as a whole. SQLite admits one writer at a time anyway; serialising in-process costs
 * nothing and rules out the {@code SQLITE_BUSY} failures of read-to-write lock upgrades between
 * connections. Other connections to the same file (another process, the {@code sqlite3} shell, a
 * second instance) are handled by SQLite's locking: a writer waits up to {@link #BUSY_TIMEOUT_MILLIS}
 * for the write lock before failing. Calls block on disk I/O: never call from an event loop.
 *
 * <p><b>Durability:</b> every {@link #write} commits before it returns. In WAL mode with
 * {@code synchronous=NORMAL} a committed transaction survives a process crash; an operating-system
 * crash or power loss may lose the last transactions but never corrupts the file.
 */
public final class SqliteDatabase implements AutoCloseable {

    public static final int BUSY_TIMEOUT_MILLIS = 5_000;
    public static final String MIGRATIONS = "classpath:db/migration";

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private final SingleConnectionDataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private boolean closed;

    private SqliteDatabase(Path file, Connection connection) {
        this.file = file;
        this.dataSource = new SingleConnectionDataSource(connection, true);
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /**
     * Opens (creating it and its parent directories if needed) and migrates the database file.
     *
     * @throws UncheckedIOException when the directory cannot be created
     * @throws IllegalStateException when the file cannot be opened or migrated
     */
    public static SqliteDatabase open(Path databaseFile) {
        Objects.requireNonNull(databaseFile, "databaseFile");
        Path file = databaseFile.toAbsolutePath().normalize();
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of database " + file, e);
        }
        SQLiteDataSource sqlite = dataSource(file);
        // Flyway opens and closes its own connections; it is finished before the store's connection opens.
        Flyway.configure(SqliteDatabase.class.getClassLoader())
                .dataSource(sqlite)
                .locations(MIGRATIONS)
                // Named here rather than scanned from a db.migration package, so it stays with its store.
                .javaMigrations(new CanonicalBanAddresses())
                .load()
                .migrate();
        try {
            return new SqliteDatabase(file, sqlite.getConnection());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open database " + file + ": " + e.getMessage(), e);
        }
    }

    private static SQLiteDataSource dataSource(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        // Take the write lock when a transaction begins, so a transaction never has to upgrade a read
        // lock (which SQLite refuses with SQLITE_BUSY at once, without waiting out the busy timeout).
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
    }

    /** The database file, absolute. */
    public Path file() {
        return file;
    }

    /** Runs {@code work} alone on the connection, in auto-commit mode (for queries). */
    public <T> T read(Function<JdbcClient, T> work) {
        Objects.requireNonNull(work, "work");
        lock.lock();
        try {
            ensureOpen();
            return work.apply(jdbc);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} alone on the connection as one transaction: all of it commits, or none. */
    public <T> T write(Function<JdbcClient, T> work) {
        Objects.requireNonNull(work, "work");
        lock.lock();
        try {
            ensureOpen();
            return transactions.execute(status -> work.apply(jdbc));
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the connection (waiting for a running call to finish); later calls fail. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                dataSource.destroy();
            }
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("database " + file + " is closed");
        }
    }
}
