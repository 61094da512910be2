package dev.overlay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overlay.discovery.AddressBookEntry;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import dev.overlay.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the address book records for each event, in which order it hands entries out, and what it keeps. */
class SqliteAddressBookTest {

    static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    static final Endpoint A = Endpoint.parse("10.0.0.1:51235");
    static final Endpoint B = Endpoint.parse("10.0.0.2:51235");
    static final Endpoint C = Endpoint.parse("node-c.example:51235");
    static final Endpoint D = Endpoint.parse("[2001:db8::1]:51235");
    static final NodeId ID_1 = NodeId.parse("11".repeat(32));
    static final NodeId ID_2 = NodeId.parse("22".repeat(32));

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(T0);
    SqliteAddressBook book;

    @BeforeEach
    void open() {
        book = SqliteAddressBook.open(dir.resolve("node.db"), 100, clock);
    }

    @AfterEach
    void close() {
        book.close();
    }

    AddressBookEntry entry(Endpoint endpoint) {
        return book.page(0, 1000).stream()
                .filter(e -> e.endpoint().equals(endpoint))
                .findFirst()
                .orElseThrow(() -> new AssertionError(endpoint + " is not in the address book"));
    }

    List<Endpoint> endpoints(List<AddressBookEntry> entries) {
        return entries.stream().map(AddressBookEntry::endpoint).toList();
    }

    static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Nested
    class Heard {

        @Test
        void addsAnUnknownEndpointWithScoreZeroAndNoHistory() {
            book.heard(A, t(1));

            assertThat(book.size()).isEqualTo(1);
            assertThat(entry(A)).isEqualTo(new AddressBookEntry(
                    A, Optional.empty(), Optional.empty(), Optional.empty(), 0, 0));
        }

        @Test
        void hearingAKnownEndpointAgainKeepsOneRowAndItsScore() {
            book.succeeded(A, ID_1, t(1));

            book.heard(A, t(2));
            book.heard(A, t(3));

            assertThat(book.size()).isEqualTo(1);
            assertThat(entry(A).score()).isEqualTo(10);
            assertThat(entry(A).nodeId()).contains(ID_1);
        }

        @Test
        void moreRecentlyHeardRanksFirstAmongEqualEntries() {
            book.heard(A, t(1));
            book.heard(B, t(2));
            assertThat(endpoints(book.best(2))).containsExactly(B, A);

            book.heard(A, t(3));

            assertThat(endpoints(book.best(2))).containsExactly(A, B);
        }

        @Test
        void aLateReportDoesNotMoveLastHeardBackwards() {
            book.heard(A, t(1));
            book.heard(B, t(5));
            book.heard(A, t(10));

            book.heard(A, t(2));

            assertThat(endpoints(book.best(2))).containsExactly(A, B);
        }

        @Test
        void ipv6AndDnsEndpointsRoundTrip() {
            book.heard(C, t(1));
            book.heard(D, t(2));

            assertThat(endpoints(book.best(10))).containsExactly(D, C);
        }
    }

    @Nested
    class Succeeded {

        @Test
        void addsAnUnknownEndpointWithTheRewardNodeIdAndSuccessTime() {
            book.succeeded(A, ID_1, t(1));

            assertThat(entry(A)).isEqualTo(new AddressBookEntry(
                    A, Optional.of(ID_1), Optional.of(t(1)), Optional.empty(), 0, 10));
        }

        @Test
        void eachSuccessAddsTen() {
            book.succeeded(A, ID_1, t(1));
            book.succeeded(A, ID_1, t(2));
            book.succeeded(A, ID_1, t(3));

            assertThat(entry(A).score()).isEqualTo(30);
            assertThat(entry(A).lastSuccess()).contains(t(3));
        }

        @Test
        void scoreStopsAtOneThousand() {
            IntStream.range(0, 150).forEach(i -> book.succeeded(A, ID_1, t(i)));

            assertThat(entry(A).score()).isEqualTo(SqliteAddressBook.MAX_SCORE);
        }

        @Test
        void resetsConsecutiveFailuresButKeepsTheLastFailureTime() {
            book.failed(A, t(1));
            book.failed(A, t(2));

            book.succeeded(A, ID_1, t(3));

            AddressBookEntry a = entry(A);
            assertThat(a.consecutiveFailures()).isZero();
            assertThat(a.lastFailure()).contains(t(2));
            assertThat(a.score()).isEqualTo(-15 + 10);
        }

        @Test
        void recordsTheNodeIdLastSeenAtTheEndpoint() {
            book.succeeded(A, ID_1, t(1));

            book.succeeded(A, ID_2, t(2));

            assertThat(entry(A).nodeId()).contains(ID_2);
        }

        @Test
        void storesTimesInWholeMilliseconds() {
            book.succeeded(A, ID_1, T0.plusNanos(1_234_567));

            assertThat(entry(A).lastSuccess()).contains(T0.plusMillis(1));
        }
    }

    @Nested
    class Failed {

        @Test
        void addsAnUnknownEndpointWithOneFailureAndScoreMinusFive() {
            book.failed(A, t(1));

            assertThat(entry(A)).isEqualTo(new AddressBookEntry(
                    A, Optional.empty(), Optional.empty(), Optional.of(t(1)), 1, -5));
        }

        @Test
        void repeatedFailuresSinkFasterEachTime() {
            book.failed(A, t(1));
            book.failed(A, t(2));
            book.failed(A, t(3));
            book.failed(A, t(4));

            AddressBookEntry a = entry(A);
            assertThat(a.consecutiveFailures()).isEqualTo(4);
            assertThat(a.score()).isEqualTo(-5 - 10 - 15 - 20);
            assertThat(a.lastFailure()).contains(t(4));
        }

        @Test
        void scoreStopsAtMinusOneThousand() {
            IntStream.range(0, 30).forEach(i -> book.failed(A, t(i)));

            assertThat(entry(A).score()).isEqualTo(SqliteAddressBook.MIN_SCORE);
            assertThat(entry(A).consecutiveFailures()).isEqualTo(30);
        }

        @Test
        void keepsTheNodeIdAndLastSuccess() {
            book.succeeded(A, ID_1, t(1));

            book.failed(A, t(2));

            AddressBookEntry a = entry(A);
            assertThat(a.nodeId()).contains(ID_1);
            assertThat(a.lastSuccess()).contains(t(1));
            assertThat(a.score()).isEqualTo(5);
        }
    }

    @Nested
    class Ordering {

        @Test
        void bestPutsTheHighestScoreFirst() {
            book.failed(A, t(1));
            book.heard(B, t(2));
            book.succeeded(C, ID_1, t(3));

            assertThat(endpoints(book.best(10))).containsExactly(C, B, A);
        }

        @Test
        void equalScoresRankByMostRecentSuccess() {
            book.succeeded(A, ID_1, t(5));
            book.succeeded(B, ID_2, t(1));
            book.heard(B, t(9));

            assertThat(endpoints(book.best(10))).containsExactly(A, B);
        }

        @Test
        void anEntryThatNeverSucceededRanksAfterOneThatDidAtEqualScore() {
            book.succeeded(A, ID_1, t(1));
            book.failed(A, t(2));
            book.failed(A, t(3)); // 10 - 5 - 10 = -5
            book.failed(B, t(9)); // -5, heard more recently, never succeeded

            assertThat(endpoints(book.best(10))).containsExactly(A, B);
        }

        @Test
        void bestReturnsAtMostLimitEntries() {
            book.heard(A, t(1));
            book.heard(B, t(2));
            book.heard(C, t(3));

            assertThat(endpoints(book.best(2))).containsExactly(C, B);
            assertThat(book.best(0)).isEmpty();
        }

        @Test
        void pagesWalkTheSameOrderWithoutGapsOrRepeats() {
            book.succeeded(A, ID_1, t(1));
            book.heard(B, t(2));
            book.heard(C, t(3));
            book.failed(D, t(4));

            List<AddressBookEntry> all = book.best(10);

            assertThat(book.page(0, 2)).isEqualTo(all.subList(0, 2));
            assertThat(book.page(2, 2)).isEqualTo(all.subList(2, 4));
            assertThat(book.page(4, 2)).isEmpty();
            assertThat(endpoints(all)).containsExactly(A, C, B, D);
        }

        @Test
        void negativeLimitOrOffsetIsRejected() {
            assertThatThrownBy(() -> book.best(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> book.page(0, -1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> book.page(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Capacity {

        @Test
        void atCapacityTheLowestScoreIsEvicted() {
            try (SqliteAddressBook small = SqliteAddressBook.open(dir.resolve("small.db"), 3, clock)) {
                small.succeeded(A, ID_1, t(1));
                small.failed(B, t(2));
                small.heard(C, t(3));

                small.heard(D, t(4));

                assertThat(small.size()).isEqualTo(3);
                assertThat(endpoints(small.best(10))).containsExactly(A, D, C);
            }
        }

        @Test
        void amongEqualLowestScoresTheLeastRecentlyHeardIsEvicted() {
            try (SqliteAddressBook small = SqliteAddressBook.open(dir.resolve("small.db"), 2, clock)) {
                small.heard(A, t(2));
                small.heard(B, t(1));

                small.heard(C, t(3));

                assertThat(endpoints(small.best(10))).containsExactly(C, A);
            }
        }

        @Test
        void aNewEndpointDoesNotDisplaceBetterEntriesWhenFull() {
            try (SqliteAddressBook small = SqliteAddressBook.open(dir.resolve("small.db"), 2, clock)) {
                small.succeeded(A, ID_1, t(1));
                small.succeeded(B, ID_2, t(2));

                small.heard(C, t(3));

                assertThat(endpoints(small.best(10))).containsExactly(B, A);
            }
        }

        @Test
        void capacityBelowOneIsRejected() {
            assertThatThrownBy(() -> SqliteAddressBook.open(dir.resolve("zero.db"), 0, clock))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void firstSeenComesFromTheBooksClock() {
            clock.advance(Duration.ofHours(1));

            book.heard(A, t(1));

            assertThat(SqliteTestSupport.queryLong(dir.resolve("node.db"),
                    "SELECT first_seen FROM address_book WHERE endpoint = '10.0.0.1:51235'"))
                    .isEqualTo(T0.plus(Duration.ofHours(1)).toEpochMilli());
        }

        @Test
        void aClosedBookRefusesCalls() {
            book.close();

            assertThatThrownBy(() -> book.heard(A, t(1))).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> book.size()).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void closingTwiceIsHarmless() {
            book.close();
            book.close();
        }
    }
}
