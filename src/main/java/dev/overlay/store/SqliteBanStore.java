package dev.overlay.store;

import dev.overlay.peer.SourceAddress;
import dev.overlay.resource.Ban;
import dev.overlay.resource.BanStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.RowMapper;

/**
 * Bans in SQLite: table {@code bans} of migration {@code V2__bans.sql}, one row per banned source (an
 * IPv4 address or an IPv6 /64, in its {@link SourceAddress#toString()} form), kept across restarts.
 * Saving, lifting and loading all go by that one key; rows that older versions keyed otherwise were
 * rewritten to it by {@link CanonicalBanAddresses}. Lives in the same database file as the other stores;
 * build it on an open {@link SqliteDatabase} with {@link #in}.
 *
 * <p><b>Values.</b> {@link #save} upserts: a second ban of the same address replaces its
 * {@code since}, {@code until} and {@code reason}. Times are stored in epoch milliseconds, so anything
 * finer than a millisecond is dropped (truncated towards the past). A ban is in force while
 * {@code until > now}: {@link #active} returns those, oldest {@code since} first (ties by address);
 * {@link #purgeExpired} deletes the others ({@code until <= now}).
 *
 * <p><b>Validation</b> (in {@link #save}, {@link IllegalArgumentException} unless said otherwise;
 * {@code null} anywhere is a {@link NullPointerException}):
 * <ul>
 *   <li>{@code until} must be after {@code since} at millisecond precision; both must fit in epoch
 *       milliseconds (so {@link Instant#MAX} is refused: a "permanent" ban needs a far but finite
 *       {@code until}).</li>
 *   <li>a reason longer than {@value #MAX_REASON_LENGTH} characters is <b>truncated</b>, not refused
 *       (never splitting a surrogate pair): a ban must not fail to persist because its explanation is
 *       long. {@link #active} then returns the shortened reason.</li>
 * </ul>
 *
 * <p><b>Threading:</b> thread-safe; every call is serialised on the single connection of the
 * {@link SqliteDatabase} (see there), each write is its own transaction committed before the method
 * returns. Calls do disk I/O: never call from an event loop.
 */
public final class SqliteBanStore implements BanStore {

    /** Longer reasons are truncated to this many characters. */
    public static final int MAX_REASON_LENGTH = 256;

    private static final String SAVE = """
            INSERT INTO bans (address, since, until, reason)
            VALUES (:address, :since, :until, :reason)
            ON CONFLICT (address) DO UPDATE SET
                since = excluded.since,
                until = excluded.until,
                reason = excluded.reason
            """;

    private static final RowMapper<Ban> BAN = SqliteBanStore::ban;

    private final SqliteDatabase database;

    private SqliteBanStore(SqliteDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * The ban store in an already open database, possibly shared with other stores (for example
     * {@link SqliteAddressBook#in}); the store never closes the database (its opener does).
     */
    public static SqliteBanStore in(SqliteDatabase database) {
        return new SqliteBanStore(database);
    }

    @Override
    public void save(Ban ban) {
        Objects.requireNonNull(ban, "ban");
        String address = Objects.requireNonNull(ban.address(), "address").toString();
        long since = millis(Objects.requireNonNull(ban.since(), "since"), "since");
        long until = millis(Objects.requireNonNull(ban.until(), "until"), "until");
        if (until <= since) {
            throw new IllegalArgumentException("ban of " + address + " must end after it starts, was since "
                    + ban.since() + " until " + ban.until());
        }
        String reason = truncate(Objects.requireNonNull(ban.reason(), "reason"));
        database.write(jdbc -> jdbc.sql(SAVE)
                .param("address", address)
                .param("since", since)
                .param("until", until)
                .param("reason", reason)
                .update());
    }

    @Override
    public boolean remove(SourceAddress address) {
        String text = Objects.requireNonNull(address, "address").toString();
        int deleted = database.write(jdbc -> jdbc.sql("DELETE FROM bans WHERE address = :address")
                .param("address", text)
                .update());
        return deleted > 0;
    }

    @Override
    public List<Ban> active(Instant now) {
        long at = millis(Objects.requireNonNull(now, "now"), "now");
        return database.read(jdbc -> jdbc.sql("SELECT address, since, until, reason FROM bans"
                        + " WHERE until > :now ORDER BY since ASC, address ASC")
                .param("now", at)
                .query(BAN)
                .list());
    }

    @Override
    public int purgeExpired(Instant now) {
        long at = millis(Objects.requireNonNull(now, "now"), "now");
        return database.write(jdbc -> jdbc.sql("DELETE FROM bans WHERE until <= :now")
                .param("now", at)
                .update());
    }

    private static long millis(Instant instant, String name) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + " is out of the range of epoch milliseconds: " + instant, e);
        }
    }

    private static String truncate(String reason) {
        if (reason.length() <= MAX_REASON_LENGTH) {
            return reason;
        }
        int end = MAX_REASON_LENGTH;
        if (Character.isHighSurrogate(reason.charAt(end - 1))) {
            end--; // keep the pair whole: drop its first half rather than store half a character
        }
        return reason.substring(0, end);
    }

    private static Ban ban(ResultSet row, int rowNumber) throws SQLException {
        return new Ban(
                SourceAddress.parse(row.getString("address")),
                Instant.ofEpochMilli(row.getLong("since")),
                Instant.ofEpochMilli(row.getLong("until")),
                row.getString("reason"));
    }
}
