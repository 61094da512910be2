package dev.overlay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overlay.discovery.AddressBookEntry;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.SourceAddress;
import dev.overlay.resource.Ban;
import dev.overlay.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the ban store keeps, what it hands out as active, what it purges, and what it refuses. */
class SqliteBanStoreTest {

    static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    static final SourceAddress A = SourceAddress.parse("10.0.0.1");
    static final SourceAddress B = SourceAddress.parse("10.0.0.2");
    static final SourceAddress C = SourceAddress.parse("2001:db8::1");

    @TempDir
    Path dir;

    SqliteDatabase database;
    SqliteBanStore bans;

    @BeforeEach
    void open() {
        database = SqliteDatabase.open(dir.resolve("node.db"));
        bans = SqliteBanStore.in(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    /** A ban of {@code address} from {@code since} to {@code until} seconds after T0. */
    static Ban ban(SourceAddress address, int since, int until, String reason) {
        return new Ban(address, t(since), t(until), reason);
    }

    @Nested
    class Save {

        @Test
        void aSavedBanIsReturnedAsActiveWithAllItsFields() {
            Ban ban = ban(A, 0, 3600, "handshake flood");

            bans.save(ban);

            assertThat(bans.active(t(1))).containsExactly(ban);
        }

        @Test
        void savingABanOfAnAlreadyBannedAddressReplacesSinceUntilAndReason() {
            bans.save(ban(A, 0, 60, "first offence"));

            bans.save(ban(A, 30, 7200, "second offence"));

            assertThat(bans.active(t(31))).containsExactly(ban(A, 30, 7200, "second offence"));
            assertThat(SqliteTestSupport.queryLong(database.file(), "SELECT count(*) FROM bans")).isEqualTo(1);
        }

        @Test
        void replacingABanCanShortenIt() {
            bans.save(ban(A, 0, 7200, "long"));

            bans.save(ban(A, 0, 10, "lifted early"));

            assertThat(bans.active(t(10))).isEmpty();
        }

        @Test
        void timesAreKeptToTheMillisecond() {
            Ban ban = new Ban(A, T0.plusMillis(1), T0.plusMillis(2), "brief");

            bans.save(ban);

            assertThat(bans.active(T0.plusMillis(1))).containsExactly(ban);
        }
    }

    @Nested
    class Remove {

        @Test
        void removingABannedAddressDeletesItsBanAndReportsTrue() {
            bans.save(ban(A, 0, 3600, "spam"));
            bans.save(ban(B, 0, 3600, "spam"));

            assertThat(bans.remove(A)).isTrue();

            assertThat(bans.active(t(1))).extracting(Ban::address).containsExactly(B);
        }

        @Test
        void removingAnAddressWithoutABanReportsFalse() {
            bans.save(ban(A, 0, 3600, "spam"));

            assertThat(bans.remove(B)).isFalse();
            assertThat(bans.active(t(1))).extracting(Ban::address).containsExactly(A);
        }

        @Test
        void removingTheSameAddressTwiceReportsTrueThenFalse() {
            bans.save(ban(A, 0, 3600, "spam"));

            assertThat(bans.remove(A)).isTrue();
            assertThat(bans.remove(A)).isFalse();
        }
    }

    @Nested
    class Active {

        @Test
        void returnsOnlyBansThatEndAfterNowOldestFirst() {
            bans.save(ban(A, 20, 3600, "newest"));
            bans.save(ban(B, 0, 50, "expired at 50"));
            bans.save(ban(C, 10, 3600, "middle"));

            assertThat(bans.active(t(100))).extracting(Ban::address).containsExactly(C, A);
        }

        @Test
        void aBanEndingExactlyNowIsNoLongerActive() {
            bans.save(ban(A, 0, 60, "one minute"));

            assertThat(bans.active(t(60).minusMillis(1))).extracting(Ban::address).containsExactly(A);
            assertThat(bans.active(t(60))).isEmpty();
        }

        @Test
        void expiredBansAreNotReturnedEvenBeforeTheyArePurged() {
            MutableClock clock = new MutableClock(T0);
            bans.save(new Ban(A, clock.instant(), clock.instant().plus(Duration.ofMinutes(5)), "five minutes"));

            clock.advance(Duration.ofMinutes(6));

            assertThat(bans.active(clock.instant())).isEmpty();
            assertThat(SqliteTestSupport.queryLong(database.file(), "SELECT count(*) FROM bans")).isEqualTo(1);
        }

        @Test
        void bansWithTheSameStartAreOrderedByAddress() {
            bans.save(ban(B, 0, 3600, "same start"));
            bans.save(ban(A, 0, 3600, "same start"));

            assertThat(bans.active(t(1))).extracting(Ban::address).containsExactly(A, B);
        }

        @Test
        void anEmptyStoreHasNoActiveBans() {
            assertThat(bans.active(T0)).isEmpty();
        }
    }

    @Nested
    class PurgeExpired {

        @Test
        void deletesBansEndedAtOrBeforeNowKeepsTheOthersAndReturnsHowMany() {
            bans.save(ban(A, 0, 50, "ended before"));
            bans.save(ban(B, 0, 100, "ends exactly now"));
            bans.save(ban(C, 0, 101, "still in force"));

            assertThat(bans.purgeExpired(t(100))).isEqualTo(2);

            assertThat(SqliteTestSupport.queryString(database.file(), "SELECT group_concat(address) FROM bans"))
                    .isEqualTo(C.toString());
            assertThat(bans.remove(A)).isFalse();
        }

        @Test
        void returnsZeroWhenNothingHasExpired() {
            bans.save(ban(A, 0, 3600, "in force"));

            assertThat(bans.purgeExpired(t(1))).isZero();
            assertThat(bans.active(t(1))).hasSize(1);
        }
    }

    @Nested
    class Validation {

        @Test
        void aBanMustEndAfterItStarts() {
            assertThatThrownBy(() -> bans.save(ban(A, 60, 60, "empty")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> bans.save(ban(A, 60, 0, "backwards")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(bans.active(T0.minusSeconds(1))).isEmpty();
        }

        @Test
        void timesOutsideEpochMillisecondsAreRefused() {
            assertThatThrownBy(() -> bans.save(new Ban(A, T0, Instant.MAX, "forever")))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void aReasonLongerThan256CharactersIsTruncatedTo256() {
            bans.save(ban(A, 0, 60, "r".repeat(300)));
            bans.save(ban(B, 0, 60, "s".repeat(256)));

            assertThat(bans.active(t(1))).extracting(Ban::reason)
                    .containsExactly("r".repeat(256), "s".repeat(256));
        }

        @Test
        void truncationNeverSplitsACharacterOutsideTheBasicPlane() {
            String reason = "r".repeat(255) + "\uD83D\uDEAB" + "tail"; // the emoji straddles the limit

            bans.save(ban(A, 0, 60, reason));

            assertThat(bans.active(t(1))).extracting(Ban::reason).containsExactly("r".repeat(255));
        }

        @Test
        void nullsAreRefused() {
            assertThatThrownBy(() -> bans.save(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> bans.save(new Ban(A, T0, t(60), null))).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> bans.remove(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> bans.active(null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    class File {

        @Test
        void anIpv6BanIsStoredAsItsSlash64AndReadBackAsTheSameSource() {
            bans.save(ban(SourceAddress.parse("2001:db8:1:2::7"), 0, 3600, "rotating addresses"));

            assertThat(SqliteTestSupport.queryString(database.file(), "SELECT address FROM bans"))
                    .isEqualTo("2001:db8:1:2::/64");
            assertThat(bans.active(t(1))).extracting(Ban::address)
                    .containsExactly(SourceAddress.parse("2001:db8:1:2::ffff"));
        }

        @Test
        void bansSurviveReopeningTheFile() {
            Path file = database.file();
            bans.save(ban(A, 0, 3600, "persisted"));
            database.close();

            try (SqliteDatabase reopened = SqliteDatabase.open(file)) {
                assertThat(SqliteBanStore.in(reopened).active(t(1))).containsExactly(ban(A, 0, 3600, "persisted"));
            }
        }

        @Test
        void addressBookAndBanStoreShareOneFileWithoutInterfering() {
            MutableClock clock = new MutableClock(T0);
            Endpoint endpoint = Endpoint.parse(A + ":51235");
            SqliteAddressBook book = SqliteAddressBook.in(database, 10, clock);

            book.heard(endpoint, T0);
            bans.save(ban(A, 0, 3600, "same host, other table"));
            assertThat(bans.purgeExpired(t(7200))).isEqualTo(1);
            bans.save(ban(B, 0, 3600, "still banned"));
            book.close(); // leaves the shared database open

            assertThat(database.isClosed()).isFalse();
            assertThat(bans.active(t(1))).extracting(Ban::address).containsExactly(B);
            assertThat(SqliteAddressBook.in(database, 10, clock).page(0, 10))
                    .extracting(AddressBookEntry::endpoint).containsExactly(endpoint);
        }

        @Test
        void theBanStoreDoesNotOutliveItsDatabase() {
            database.close();

            assertThatThrownBy(() -> bans.active(T0)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void concurrentSavesFromManyThreadsAreAllKept() throws Exception {
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                int prefix = thread;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        bans.save(ban(SourceAddress.parse("10." + prefix + ".0." + i), i, 3600, "load"));
                        bans.active(t(0));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(bans.active(t(0))).hasSize(threads * perThread);
    }
}
