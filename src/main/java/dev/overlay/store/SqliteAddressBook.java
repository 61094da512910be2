package dev.overlay.store;

import dev.overlay.discovery.AddressBook;
import dev.overlay.discovery.AddressBookEntry;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The address book ("bootcache") in SQLite: table {@code address_book} of migration
 * {@code V1__address_book.sql}, one row per endpoint, kept across restarts.
 *
 * <p><b>Scoring.</b> A new endpoint starts at 0. A success adds {@value #SUCCESS_REWARD} (at most
 * {@value #MAX_SCORE}) and clears the consecutive failures; a failure counts one more consecutive
 * failure and subtracts {@value #FAILURE_PENALTY_STEP} times that count (at least {@value #MIN_SCORE}),
 * so an endpoint that keeps failing sinks fast: {@code k} consecutive failures cost
 * {@code 5 * k * (k + 1) / 2} in all (from 0: -5, -15, -30, -50 ...). Event times are stored in epoch milliseconds and never move backwards (an event
 * reported late does not overwrite a newer time); {@code first_seen} is this book's clock when the row
 * was created.
 *
 * <p><b>Order</b> ({@link #best}, {@link #page}): highest score, then most recent success (never
 * succeeded last), then most recently heard, then endpoint text, so pages are stable.
 *
 * <p><b>Bound.</b> After every write, if more than {@code capacity} rows exist, the lowest-scored rows
 * (ties: least recently heard first) are deleted down to {@code capacity}, in the same transaction. A
 * newly heard endpoint (score 0) therefore does not displace entries with a positive score once the
 * book is full.
 *
 * <p><b>Threading:</b> thread-safe; meant for the discovery thread and API threads, never an event
 * loop (every call does disk I/O). All calls are serialised on the single connection of the
 * {@link SqliteDatabase} (see there); each write is its own transaction, committed before the method
 * returns, so a crash loses no acknowledged update.
 */
public final class SqliteAddressBook implements AddressBook, AutoCloseable {

    public static final int SUCCESS_REWARD = 10;
    public static final int FAILURE_PENALTY_STEP = 5;
    public static final int MAX_SCORE = 1000;
    public static final int MIN_SCORE = -1000;

    private static final String COLUMNS =
            "endpoint, node_id, last_success, last_failure, consecutive_failures, score";
    private static final String RANKING =
            "ORDER BY score DESC, last_success DESC NULLS LAST, last_heard DESC, endpoint ASC";

    private static final String HEARD = """
            INSERT INTO address_book (endpoint, first_seen, last_heard)
            VALUES (:endpoint, :now, :at)
            ON CONFLICT (endpoint) DO UPDATE SET
                last_heard = max(last_heard, excluded.last_heard)
            """;

    private static final String SUCCEEDED = """
            INSERT INTO address_book (endpoint, node_id, first_seen, last_heard, last_success,
                                      consecutive_failures, successes, score)
            VALUES (:endpoint, :nodeId, :now, :at, :at, 0, 1, min(:reward, :maxScore))
            ON CONFLICT (endpoint) DO UPDATE SET
                node_id = excluded.node_id,
                last_success = max(coalesce(last_success, excluded.last_success), excluded.last_success),
                consecutive_failures = 0,
                successes = successes + 1,
                score = min(score + :reward, :maxScore)
            """;

    // In an UPDATE every right-hand side sees the old row: "consecutive_failures + 1" is the new count.
    private static final String FAILED = """
            INSERT INTO address_book (endpoint, first_seen, last_heard, last_failure,
                                      consecutive_failures, score)
            VALUES (:endpoint, :now, :at, :at, 1, max(-:step, :minScore))
            ON CONFLICT (endpoint) DO UPDATE SET
                last_failure = max(coalesce(last_failure, excluded.last_failure), excluded.last_failure),
                consecutive_failures = consecutive_failures + 1,
                score = max(score - :step * (consecutive_failures + 1), :minScore)
            """;

    private static final String EVICT = """
            DELETE FROM address_book WHERE endpoint IN (
                SELECT endpoint FROM address_book
                ORDER BY score ASC, last_heard ASC, endpoint ASC
                LIMIT max((SELECT count(*) FROM address_book) - :capacity, 0))
            """;

    private static final RowMapper<AddressBookEntry> ENTRY = SqliteAddressBook::entry;

    private final SqliteDatabase database;
    private final boolean ownsDatabase;
    private final int capacity;
    private final Clock clock;

    private SqliteAddressBook(SqliteDatabase database, boolean ownsDatabase, int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("address book capacity must be at least 1, was " + capacity);
        }
        this.database = Objects.requireNonNull(database, "database");
        this.ownsDatabase = ownsDatabase;
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Opens the address book in {@code databaseFile} (created with its parent directories if missing,
     * migrated to the current schema). {@link #close()} closes the file.
     *
     * @param capacity the most entries kept, at least 1
     */
    public static SqliteAddressBook open(Path databaseFile, int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("address book capacity must be at least 1, was " + capacity);
        }
        Objects.requireNonNull(clock, "clock");
        SqliteDatabase database = SqliteDatabase.open(databaseFile);
        return new SqliteAddressBook(database, true, capacity, clock);
    }

    /**
     * The address book in an already open database shared with other stores; {@link #close()} leaves
     * the database open (its opener closes it).
     */
    public static SqliteAddressBook in(SqliteDatabase database, int capacity, Clock clock) {
        return new SqliteAddressBook(database, false, capacity, clock);
    }

    public int capacity() {
        return capacity;
    }

    @Override
    public void heard(Endpoint endpoint, Instant at) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(at, "at");
        write(jdbc -> jdbc.sql(HEARD)
                .param("endpoint", endpoint.toString())
                .param("now", clock.millis())
                .param("at", at.toEpochMilli()));
    }

    @Override
    public void succeeded(Endpoint endpoint, NodeId nodeId, Instant at) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(at, "at");
        write(jdbc -> jdbc.sql(SUCCEEDED)
                .param("endpoint", endpoint.toString())
                .param("nodeId", nodeId.hex())
                .param("now", clock.millis())
                .param("at", at.toEpochMilli())
                .param("reward", SUCCESS_REWARD)
                .param("maxScore", MAX_SCORE));
    }

    @Override
    public void failed(Endpoint endpoint, Instant at) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(at, "at");
        write(jdbc -> jdbc.sql(FAILED)
                .param("endpoint", endpoint.toString())
                .param("now", clock.millis())
                .param("at", at.toEpochMilli())
                .param("step", FAILURE_PENALTY_STEP)
                .param("minScore", MIN_SCORE));
    }

    @Override
    public List<AddressBookEntry> best(int limit) {
        requireLimit(limit);
        return database.read(jdbc -> jdbc.sql("SELECT " + COLUMNS + " FROM address_book " + RANKING
                        + " LIMIT :limit")
                .param("limit", limit)
                .query(ENTRY)
                .list());
    }

    @Override
    public List<AddressBookEntry> page(int offset, int limit) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        requireLimit(limit);
        return database.read(jdbc -> jdbc.sql("SELECT " + COLUMNS + " FROM address_book " + RANKING
                        + " LIMIT :limit OFFSET :offset")
                .param("limit", limit)
                .param("offset", offset)
                .query(ENTRY)
                .list());
    }

    @Override
    public int size() {
        return database.read(jdbc -> jdbc.sql("SELECT count(*) FROM address_book").query(Integer.class).single());
    }

    /** Closes the database file if this book opened it; later calls fail. Idempotent. */
    @Override
    public void close() {
        if (ownsDatabase) {
            database.close();
        }
    }

    /** One upsert and the eviction it may require, as one transaction. */
    private void write(Function<JdbcClient, JdbcClient.StatementSpec> upsert) {
        database.write(jdbc -> {
            upsert.apply(jdbc).update();
            return jdbc.sql(EVICT).param("capacity", capacity).update();
        });
    }

    private static void requireLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
    }

    private static AddressBookEntry entry(ResultSet row, int rowNumber) throws SQLException {
        String nodeId = row.getString("node_id");
        return new AddressBookEntry(
                Endpoint.parse(row.getString("endpoint")),
                nodeId == null ? Optional.empty() : Optional.of(NodeId.parse(nodeId)),
                instant(row, "last_success"),
                instant(row, "last_failure"),
                row.getInt("consecutive_failures"),
                row.getInt("score"));
    }

    private static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }
}
