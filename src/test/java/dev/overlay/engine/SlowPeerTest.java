package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.identity.NodeKey;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.PeerState;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A peer that does not read: its copies are shed, the shedding picks it alone (a healthy peer gets every
 * relayed copy), and it is dropped once the slow-peer timeout has passed.
 */
class SlowPeerTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    @Test
    void slowPeerIsDroppedWithinTheSlowPeerTimeoutNotAtTheNextPingTick() throws Exception {
        Duration slowTimeout = Duration.ofSeconds(2);
        int highWater = 64 * 1024;
        OverlayNode node = engines.start(s -> {
            s.sendQueueHighWater = highWater;
            s.slowPeerTimeout = slowTimeout;
            s.pingInterval = Duration.ofSeconds(60);
            s.pingTimeout = Duration.ofSeconds(120);
        });
        OverlayNode publisher = engines.start(s -> s.host = "127.0.0.5");
        publisher.connect(new Endpoint("127.0.0.1", node.peerPort())).join();
        NodeKey reader = NodeKey.generate(RANDOM);

        try (RawPeerClient stalled = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(reader), 4096)) {
            assertThat(stalled.upgrade(reader, TestEngines.NETWORK)).isEqualTo(101);
            await().until(() -> node.registry().isActive(reader.nodeId()));
            var peer = node.registry().find(reader.nodeId()).orElseThrow();
            var channel = ((Connection) peer.link()).channel();
            byte[] payload = new byte[16 * 1024];
            long overTheMark = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (peer.state() == PeerState.ACTIVE && System.nanoTime() < deadline) {
                publisher.relay().signAndBroadcast("bulk", payload).join();
                if (overTheMark == 0 && !channel.isWritable()) {
                    overTheMark = System.nanoTime();
                }
            }
            long droppedAt = System.nanoTime();

            assertThat(overTheMark).as("the send queue passed its mark").isPositive();
            assertThat(peer.state()).isNotEqualTo(PeerState.ACTIVE);
            assertThat(Duration.ofNanos(droppedAt - overTheMark))
                    .as("dropped within 1.5 times the slow-peer timeout of the queue passing its mark")
                    .isLessThanOrEqualTo(slowTimeout.multipliedBy(3).dividedBy(2));
        }
        await().untilAsserted(() -> assertThat(node.registry().recentlyClosed()).anySatisfy(closed -> {
            assertThat(closed.nodeId()).contains(reader.nodeId());
            assertThat(closed.disconnect().reason()).isEqualTo(DisconnectReason.SLOW);
        }));
    }

    @Test
    void healthyPeerReceivesEveryCopyWhileASlowReadersCopiesAreShed() throws Exception {
        OverlayNode node = engines.start(s -> {
            s.sendQueueHighWater = 64 * 1024;
            s.slowPeerTimeout = Duration.ofSeconds(60);
            s.squelch = false;
        });
        OverlayNode publisher = engines.start(s -> s.host = "127.0.0.5");
        OverlayNode healthy = engines.start(s -> s.host = "127.0.0.6");
        publisher.connect(new Endpoint("127.0.0.1", node.peerPort())).join();
        healthy.connect(new Endpoint("127.0.0.1", node.peerPort())).join();
        await().until(() -> node.registry().activeCount() == 2);
        AtomicLong received = new AtomicLong();
        healthy.relay().addListener(m -> received.incrementAndGet());
        NodeKey reader = NodeKey.generate(RANDOM);
        int messages = 2000;

        try (RawPeerClient stalled = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(reader), 4096)) {
            assertThat(stalled.upgrade(reader, TestEngines.NETWORK)).isEqualTo(101);
            await().until(() -> node.registry().activeCount() == 3);
            byte[] payload = new byte[2 * 1024];
            CompletableFuture<?> last = null;
            for (int i = 0; i < messages; i++) {
                last = publisher.relay().signAndBroadcast("load", payload);
            }
            last.join();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(node.relay().counters().received.sum())
                    .as("received at the node").isEqualTo(messages));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(received.get())
                    .as("delivered at the healthy peer; shed %d", node.relay().counters().shed.sum())
                    .isEqualTo(messages));
            assertThat(node.relay().counters().shed.sum()).isPositive();
        }
    }
}
