package dev.overlay.store;

import dev.overlay.peer.SourceAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Schema version 3: keys every row of {@code bans} by its source's canonical text
 * ({@link SourceAddress#toString()}), the key {@link SqliteBanStore} saves, lifts and reads by.
 *
 * <p>Versions before sources were introduced stored an IPv6 ban under the full address as
 * {@link java.net.InetAddress#getHostAddress()} wrote it ({@code 2001:db8:1:2:0:0:0:7}, with a
 * {@code %zone} for link-local peers). Such a row loads as its /64, but lifting deletes by the /64 text
 * and misses it, so the ban came back at the next start; and several addresses of one /64 loaded as
 * several bans of the same source. This migration rewrites those rows:
 * <ul>
 *   <li>rows whose addresses fall in one source become one row under the canonical key, keeping the
 *       row that ends last (its {@code since} and {@code reason} with it: the ban actually in force
 *       longest, with the explanation given for it); on equal ends, the later start;</li>
 *   <li>a zone id is ignored: it names this host's interface, not the remote party;</li>
 *   <li>a row whose address is no IP address at all is deleted and logged: it could never match a
 *       connection, and it would stop the node from loading its bans;</li>
 *   <li>rows already canonical (every IPv4 row, every row this version wrote) are left as they are.</li>
 * </ul>
 * Flyway runs it once per database file, inside one transaction: an interrupted migration leaves the
 * old rows and is retried at the next start.
 *
 * <p><b>Threading:</b> stateless; Flyway calls it on the thread opening the {@link SqliteDatabase}.
 */
final class CanonicalBanAddresses implements JavaMigration {

    private static final Logger log = LoggerFactory.getLogger(CanonicalBanAddresses.class);

    private static final Comparator<Row> ENDS_LAST = Comparator.comparingLong(Row::until)
            .thenComparingLong(Row::since);

    private record Row(String address, long since, long until, String reason) {
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("3");
    }

    @Override
    public String getDescription() {
        return "canonical ban addresses";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) {
        // Flyway owns the connection and its transaction: the data source must neither close nor commit.
        JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(context.getConnection(), true));
        Map<String, List<Row>> bySource = new TreeMap<>();
        for (Row row : jdbc.sql("SELECT address, since, until, reason FROM bans ORDER BY address")
                .query(Row.class).list()) {
            Optional<String> source = canonical(row.address());
            if (source.isPresent()) {
                bySource.computeIfAbsent(source.get(), key -> new ArrayList<>()).add(row);
            } else {
                log.warn("Deleting the ban of '{}' (until {}, reason '{}'): not an IP address",
                        row.address(), Instant.ofEpochMilli(row.until()), row.reason());
                delete(jdbc, row);
            }
        }
        bySource.forEach((source, rows) -> {
            if (rows.size() > 1 || !rows.get(0).address().equals(source)) {
                rekey(jdbc, source, rows);
            }
        });
    }

    private static void rekey(JdbcClient jdbc, String source, List<Row> rows) {
        Row kept = rows.stream().max(ENDS_LAST).orElseThrow();
        rows.forEach(row -> delete(jdbc, row));
        jdbc.sql("INSERT INTO bans (address, since, until, reason) VALUES (:address, :since, :until, :reason)")
                .param("address", source)
                .param("since", kept.since())
                .param("until", kept.until())
                .param("reason", kept.reason())
                .update();
        log.info("Ban rows {} stored as {} (until {})", rows.stream().map(Row::address).toList(), source,
                Instant.ofEpochMilli(kept.until()));
    }

    private static void delete(JdbcClient jdbc, Row row) {
        jdbc.sql("DELETE FROM bans WHERE address = :address").param("address", row.address()).update();
    }

    private static Optional<String> canonical(String stored) {
        int zone = stored.indexOf('%');
        try {
            return Optional.of(SourceAddress.parse(zone < 0 ? stored : stored.substring(0, zone)).toString());
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }
}
