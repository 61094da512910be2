package dev.overlay.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.discovery.AddressBookEntry;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import dev.overlay.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Discovery and API threads may use one address book at once; no update is lost and nothing fails. */
@Timeout(60)
class SqliteAddressBookConcurrencyTest {

    static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    static final int THREADS = 8;
    static final int ROUNDS = 25;
    static final Endpoint SHARED_GOOD = Endpoint.parse("10.0.0.1:51235");
    static final Endpoint SHARED_BAD = Endpoint.parse("10.0.0.2:51235");
    static final NodeId ID = NodeId.parse("ab".repeat(32));

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(T0);

    @Test
    void eightThreadsWritingAndReadingAtOnceEndConsistent() throws Exception {
        try (SqliteAddressBook book = SqliteAddressBook.open(dir.resolve("node.db"), 10_000, clock)) {
            runConcurrently(thread -> () -> {
                for (int round = 0; round < ROUNDS; round++) {
                    Instant at = T0.plusMillis(round);
                    book.heard(Endpoint.parse("10.1." + thread + "." + round + ":51235"), at);
                    book.succeeded(SHARED_GOOD, ID, at);
                    book.failed(SHARED_BAD, at);
                    assertThat(book.best(5)).isNotEmpty();
                    assertThat(book.page(round, 10)).hasSizeLessThanOrEqualTo(10);
                }
                return null;
            });

            assertThat(book.size()).isEqualTo(THREADS * ROUNDS + 2);
            AddressBookEntry good = book.best(1).get(0);
            assertThat(good.endpoint()).isEqualTo(SHARED_GOOD);
            assertThat(good.score()).isEqualTo(Math.min(10 * THREADS * ROUNDS, SqliteAddressBook.MAX_SCORE));
            AddressBookEntry bad = book.page(book.size() - 1, 1).get(0);
            assertThat(bad.endpoint()).isEqualTo(SHARED_BAD);
            assertThat(bad.consecutiveFailures()).isEqualTo(THREADS * ROUNDS);
            assertThat(bad.score()).isEqualTo(SqliteAddressBook.MIN_SCORE);
        }
    }

    @Test
    void eightThreadsAtCapacityNeverLeaveMoreThanCapacityRows() throws Exception {
        int capacity = 20;
        try (SqliteAddressBook book = SqliteAddressBook.open(dir.resolve("node.db"), capacity, clock)) {
            runConcurrently(thread -> () -> {
                for (int round = 0; round < ROUNDS; round++) {
                    book.heard(Endpoint.parse("10.1." + thread + "." + round + ":51235"), T0.plusMillis(round));
                    assertThat(book.size()).isLessThanOrEqualTo(capacity);
                }
                return null;
            });

            assertThat(book.size()).isEqualTo(capacity);
        }
    }

    @Test
    void twoBooksOnOneFileWaitForEachOtherInsteadOfFailingBusy() throws Exception {
        Path file = dir.resolve("node.db");
        try (SqliteAddressBook first = SqliteAddressBook.open(file, 10_000, clock);
             SqliteAddressBook second = SqliteAddressBook.open(file, 10_000, clock)) {
            runConcurrently(thread -> () -> {
                SqliteAddressBook book = thread % 2 == 0 ? first : second;
                for (int round = 0; round < ROUNDS; round++) {
                    book.succeeded(SHARED_GOOD, ID, T0.plusMillis(round));
                }
                return null;
            });

            assertThat(first.best(1).get(0).score())
                    .isEqualTo(Math.min(10 * THREADS * ROUNDS, SqliteAddressBook.MAX_SCORE));
            assertThat(second.best(1)).isEqualTo(first.best(1));
        }
    }

    interface Task {
        Callable<Void> forThread(int thread);
    }

    /** Starts every thread's task at the same moment and rethrows the first failure. */
    static void runConcurrently(Task task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> results = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                Callable<Void> work = task.forThread(thread);
                results.add(executor.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            for (Future<Void> result : results) {
                result.get(50, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
