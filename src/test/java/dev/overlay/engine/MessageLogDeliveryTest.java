package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.relay.ReceivedMessage;
import dev.overlay.relay.SignedMessage;
import dev.overlay.store.SqliteDatabase;
import dev.overlay.store.SqliteMessageLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What a node delivers reaches its durable message log as it was delivered. */
class MessageLogDeliveryTest {

    private static final int MAX_PAYLOAD = 64 * 1024;

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
}
