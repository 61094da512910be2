package dev.overlay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.overlay.peer.SourceAddress;
import dev.overlay.resource.Ban;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by a version that keyed IPv6 bans by the full address (as
 * {@code InetAddress.getHostAddress()} writes it) opens with one row per source, keyed as the store
 * saves, lifts and loads it.
 */
class CanonicalBanAddressesTest {

    static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    static final SourceAddress PREFIX = SourceAddress.parse("2001:db8:1:2::/64");

    @TempDir
    Path dir;

    Path file;

    /** The file as the older version left it: the schema up to the bans table, no rows yet. */
    @BeforeEach
    void olderVersionsDatabase() {
        file = dir.resolve("node.db");
        Flyway.configure()
                .dataSource("jdbc:sqlite:" + file, null, null)
                .locations(SqliteDatabase.MIGRATIONS)
                .target("2")
                .load()
                .migrate();
    }

    static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    /** Raw SQL for a row as an older version stored it, times in seconds after T0. */
    static String row(String address, int since, int until, String reason) {
        return "INSERT INTO bans (address, since, until, reason) VALUES ('%s', %d, %d, '%s')"
                .formatted(address, t(since).toEpochMilli(), t(until).toEpochMilli(), reason);
    }

    /** Opens the file as this version does (migrating it) and lists the bans in force at {@code now}. */
    List<Ban> activeAfterOpening(Instant now) {
        try (SqliteDatabase database = SqliteDatabase.open(file)) {
            return SqliteBanStore.in(database).active(now);
        }
    }

    long rows() {
        return SqliteTestSupport.queryLong(file, "SELECT count(*) FROM bans");
    }

    /** Every row, every column, as text: what an operator's sqlite3 shell would show. */
    String contents() {
        return SqliteTestSupport.queryString(file, "SELECT group_concat(line, ';') FROM (SELECT address || ','"
                + " || since || ',' || until || ',' || reason AS line FROM bans ORDER BY address)");
    }

    @Test
    void aLegacyIpv6BanIsListedOnceAsItsSlash64() {
        SqliteTestSupport.execute(file, row("2001:db8:1:2:0:0:0:7", 0, 3600, "rotating addresses"));

        assertThat(activeAfterOpening(t(1))).containsExactly(new Ban(PREFIX, t(0), t(3600), "rotating addresses"));
        assertThat(SqliteTestSupport.queryString(file, "SELECT address FROM bans")).isEqualTo("2001:db8:1:2::/64");
    }

    @Test
    void liftingAMigratedBanRemovesItForGood() {
        SqliteTestSupport.execute(file, row("2001:db8:1:2:0:0:0:7", 0, 3600, "rotating addresses"));
        try (SqliteDatabase database = SqliteDatabase.open(file)) {
            assertThat(SqliteBanStore.in(database).remove(SourceAddress.parse("2001:db8:1:2::1"))).isTrue();
        }

        assertThat(activeAfterOpening(t(1))).isEmpty();
        assertThat(rows()).isZero();
    }

    @Test
    void legacyRowsOfOneSlash64MergeIntoTheOneThatEndsLast() {
        SqliteTestSupport.execute(file,
                row("2001:db8:1:2:0:0:0:7", 0, 7200, "ends last"),
                row("2001:db8:1:2:0:0:0:8", 100, 3600, "ends first"));

        assertThat(activeAfterOpening(t(101))).containsExactly(new Ban(PREFIX, t(0), t(7200), "ends last"));
    }

    @Test
    void aLegacyRowMergesWithACanonicalRowOfTheSameSlash64() {
        SqliteTestSupport.execute(file,
                row("2001:db8:1:2::/64", 0, 3600, "saved by the /64 key"),
                row("2001:db8:1:2:0:0:0:7", 0, 7200, "saved by the full address"));

        assertThat(activeAfterOpening(t(1)))
                .containsExactly(new Ban(PREFIX, t(0), t(7200), "saved by the full address"));
    }

    @Test
    void onEqualEndsTheBanThatStartedLaterIsKept() {
        SqliteTestSupport.execute(file,
                row("2001:db8:1:2:0:0:0:7", 0, 3600, "first"),
                row("2001:db8:1:2:0:0:0:8", 60, 3600, "renewed"));

        assertThat(activeAfterOpening(t(61))).extracting(Ban::since, Ban::reason)
                .containsExactly(tuple(t(60), "renewed"));
    }

    @Test
    void aZoneIdIsIgnored() {
        SqliteTestSupport.execute(file, row("fe80:0:0:0:0:0:0:1%eth0", 0, 3600, "link-local"));

        assertThat(activeAfterOpening(t(1))).extracting(Ban::address)
                .containsExactly(SourceAddress.parse("fe80::/64"));
    }

    @Test
    void ipv4RowsAreLeftAsTheyAre() {
        SqliteTestSupport.execute(file, row("203.0.113.7", 0, 3600, "spam"));
        String before = contents();

        SqliteDatabase.open(file).close();

        assertThat(contents()).isEqualTo(before);
    }

    @Test
    void aRowThatIsNoAddressIsDeletedAndTheOthersLoad() {
        SqliteTestSupport.execute(file,
                row("not-an-address", 0, 3600, "typo"),
                row("203.0.113.7", 0, 3600, "spam"));

        assertThat(activeAfterOpening(t(1))).extracting(Ban::address)
                .containsExactly(SourceAddress.parse("203.0.113.7"));
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void openingAgainNeitherRunsTheMigrationAgainNorChangesTheRows() {
        SqliteTestSupport.execute(file,
                row("2001:db8:1:2:0:0:0:7", 0, 7200, "ends last"),
                row("2001:db8:1:2:0:0:0:8", 0, 3600, "ends first"),
                row("203.0.113.7", 0, 3600, "spam"));
        SqliteDatabase.open(file).close();
        String migrated = contents();

        SqliteDatabase.open(file).close();

        assertThat(contents()).isEqualTo(migrated);
        assertThat(SqliteTestSupport.queryLong(file,
                "SELECT count(*) FROM flyway_schema_history WHERE version = '3' AND success = 1")).isEqualTo(1);
    }
}
