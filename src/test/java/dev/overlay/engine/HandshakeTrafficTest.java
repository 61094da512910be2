package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Endpoint;
import dev.overlay.protocol.MessageType;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The handshake traffic category: TLS and the upgrade on the wire, counted until frames start. */
class HandshakeTrafficTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    private record Snapshot(long messagesIn, long bytesIn, long messagesOut, long bytesOut) {
        static Snapshot of(TrafficCounters.Category c) {
            return new Snapshot(c.messagesIn().sum(), c.bytesIn().sum(), c.messagesOut().sum(), c.bytesOut().sum());
        }
    }

    @Test
    void anUpgradeCountsOneRequestOneResponseAndTheTlsBytesOnBothSides() {
        OverlayNode acceptor = engines.start();
        OverlayNode dialer = engines.start();

        dialer.connect(new Endpoint("127.0.0.1", acceptor.peerPort())).join();
        await().until(() -> acceptor.registry().activeCount() == 1);

        Snapshot accepted = Snapshot.of(acceptor.traffic().handshake());
        Snapshot dialed = Snapshot.of(dialer.traffic().handshake());
        assertThat(accepted.messagesIn()).isEqualTo(1);
        assertThat(accepted.messagesOut()).isEqualTo(1);
        assertThat(dialed.messagesIn()).isEqualTo(1);
        assertThat(dialed.messagesOut()).isEqualTo(1);
        assertThat(accepted.bytesIn()).as("client hello with certificate and the encrypted upgrade request")
                .isGreaterThan(1000);
        assertThat(dialed.bytesIn()).as("server hello with certificate and the encrypted 101").isGreaterThan(1000);
    }

    @Test
    void framesAfterTheUpgradeAreNotCountedAsHandshake() {
        OverlayNode acceptor = engines.start();
        OverlayNode dialer = engines.start();
        dialer.connect(new Endpoint("127.0.0.1", acceptor.peerPort())).join();
        await().until(() -> acceptor.registry().activeCount() == 1);
        Snapshot afterUpgrade = Snapshot.of(dialer.traffic().handshake());
        long pings = dialer.traffic().of(MessageType.PING).messagesOut().sum();

        await().until(() -> dialer.traffic().of(MessageType.PING).messagesOut().sum() >= pings + 3
                && dialer.traffic().of(MessageType.PONG).messagesIn().sum() >= 3);

        assertThat(Snapshot.of(dialer.traffic().handshake())).isEqualTo(afterUpgrade);
    }

    @Test
    void aRefusedUpgradeIsCountedToo() throws Exception {
        OverlayNode acceptor = engines.start();
        NodeKey stranger = NodeKey.generate(RANDOM);

        try (RawPeerClient client = RawPeerClient.tls(acceptor.peerPort(), RawPeerClient.identity(stranger))) {
            assertThat(client.upgrade(stranger, "another-network")).isEqualTo(403);
        }

        await().untilAsserted(() -> {
            Snapshot refused = Snapshot.of(acceptor.traffic().handshake());
            assertThat(refused.messagesIn()).isEqualTo(1);
            assertThat(refused.messagesOut()).isEqualTo(1);
            assertThat(refused.bytesIn()).isPositive();
            assertThat(refused.bytesOut()).isPositive();
        });
    }
}
