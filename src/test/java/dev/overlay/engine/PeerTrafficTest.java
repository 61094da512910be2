package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.relay.SignedMessage;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A peer's byte counters are what its connection's socket carried: its own TLS handshake and upgrade,
 * then its frames as TLS records, the same on both ends of the connection.
 */
class PeerTrafficTest {

    private static final int PAYLOAD_BYTES = 10 * 1024;

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    private OverlayNode dialer;
    private OverlayNode listener;

    /** The listener as the dialer sees it, once both ends are active. */
    private Peer listenerAtDialer;
    /** The dialer as the listener sees it, once both ends are active. */
    private Peer dialerAtListener;

    private void connect(Consumer<TestEngines.Settings> settings) {
        listener = engines.start(settings);
        dialer = engines.start(settings);
        dialer.connect(new Endpoint("127.0.0.1", listener.peerPort())).join();
        await().until(() -> listener.registry().isActive(dialer.nodeId()));
        listenerAtDialer = dialer.registry().find(listener.nodeId()).orElseThrow();
        dialerAtListener = listener.registry().find(dialer.nodeId()).orElseThrow();
    }

    @Test
    void aPeersBytesIncludeTheHandshakeOfItsConnection() {
        connect(s -> { });

        // Each engine has had this one connection, so its handshake category is this connection's handshake.
        TrafficCounters.Category dialed = dialer.traffic().handshake();
        TrafficCounters.Category accepted = listener.traffic().handshake();
        assertThat(listenerAtDialer.bytesOut()).isGreaterThanOrEqualTo(dialed.bytesOut().sum()).isPositive();
        assertThat(listenerAtDialer.bytesIn()).isGreaterThanOrEqualTo(dialed.bytesIn().sum()).isPositive();
        assertThat(dialerAtListener.bytesOut()).isGreaterThanOrEqualTo(accepted.bytesOut().sum()).isPositive();
        assertThat(dialerAtListener.bytesIn()).isGreaterThanOrEqualTo(accepted.bytesIn().sum()).isPositive();
    }

    @Test
    void framesAfterActivationAddTheirRecordsToThePeersBytes() {
        connect(s -> { });
        long sentBefore = listenerAtDialer.bytesOut();
        long receivedBefore = dialerAtListener.bytesIn();

        SignedMessage message = dialer.relay().signAndBroadcast("bulk", new byte[PAYLOAD_BYTES]).join();
        await().until(() -> TestEngines.delivered(listener, "bulk").stream()
                .anyMatch(r -> r.message().id().equals(message.id())));

        assertThat(listenerAtDialer.bytesOut() - sentBefore).isGreaterThan(PAYLOAD_BYTES);
        assertThat(dialerAtListener.bytesIn() - receivedBefore).isGreaterThan(PAYLOAD_BYTES);
    }

    @Test
    void whatOneEndSentIsWhatTheOtherReceived() {
        // No pings or gossip after the first ones, so the connection goes quiet and the counts settle.
        connect(s -> {
            s.pingInterval = Duration.ofHours(1);
            s.pingTimeout = Duration.ofHours(2);
            s.gossipInterval = Duration.ofHours(1);
        });

        await().untilAsserted(() -> {
            assertThat(dialerAtListener.bytesIn()).isEqualTo(listenerAtDialer.bytesOut());
            assertThat(listenerAtDialer.bytesIn()).isEqualTo(dialerAtListener.bytesOut());
        });
    }
}
