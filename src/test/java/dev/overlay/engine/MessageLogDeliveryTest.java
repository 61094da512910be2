package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.relay.MessageId;
import dev.overlay.relay.ReceivedMessage;
import dev.overlay.relay.SignedMessage;
import dev.overlay.store.SqliteDatabase;
import dev.overlay.store.SqliteMessageLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What a node delivers reaches its durable message log as it was delivered. */
class MessageLogDeliveryTest {

    private static final int MAX_PAYLOAD = 64 * 1024;
    private static final int QUEUED = 100;

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    @TempDir
    Path dir;

    @Test
    void aDeliveredMessageHasTheSameReceiveTimeLiveAndReadBackFromTheStore() {
        // A clock between two milliseconds, where a nanosecond time and the stored milliseconds differ.
        Clock clock = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.MILLIS).plusNanos(123_456), ZoneOffset.UTC);
        try (SqliteDatabase database = SqliteDatabase.open(dir.resolve("overlay.db"))) {
            SqliteMessageLog store = SqliteMessageLog.in(database, MAX_PAYLOAD);
            OverlayNode node = engines.start(s -> {
                s.clock = clock;
                s.logStore = store;
            });
            SignedMessage published = node.relay().signAndBroadcast("times", new byte[] {1}).join();
            ReceivedMessage live = node.sync().log().find(published.id()).orElseThrow().received();
            node.stop();
            store.close();

            assertThat(store.load()).singleElement()
                    .satisfies(stored -> assertThat(stored.received().receivedAt()).isEqualTo(live.receivedAt()));
        }
    }

    @Test
    void deliveriesQueuedOnTheRelayThreadWhenTheNodeStopsReachTheStore() {
        try (SqliteDatabase database = SqliteDatabase.open(dir.resolve("overlay.db"))) {
            SqliteMessageLog store = SqliteMessageLog.in(database, MAX_PAYLOAD);
            OverlayNode node = engines.start(s -> s.logStore = store);
            CountDownLatch release = new CountDownLatch(1);
            // Holds the relay thread in its first delivery, so the publications after it queue up.
            node.relay().addListener(message -> awaitQuietly(release));
            List<CompletableFuture<SignedMessage>> published = new ArrayList<>();
            for (int i = 0; i < QUEUED + 1; i++) {
                published.add(node.relay().signAndBroadcast("queued", new byte[] {(byte) i}));
            }

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(node::stop);
            await().until(() -> node.relay().squelchViews().isCompletedExceptionally());
            release.countDown();
            stopping.join();
            store.close();

            assertThat(published).allSatisfy(f -> assertThat(f).isCompleted());
            List<MessageId> ids = published.stream().map(f -> f.join().id()).toList();
            assertThat(store.load()).extracting(m -> m.message().id()).containsExactlyElementsOf(ids);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
