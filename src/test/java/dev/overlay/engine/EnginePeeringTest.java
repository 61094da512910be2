package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.peer.Direction;
import dev.overlay.peer.DisconnectOrigin;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerState;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EnginePeeringTest {

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    @Test
    void dialedNodeBecomesActiveOnBothSidesWithMatchingIds() {
        OverlayNode a = engines.start();
        OverlayNode b = engines.start();

        Peer peer = a.connect(TestEngines.endpointOf(b)).join();

        assertThat(peer.nodeId()).contains(b.nodeId());
        assertThat(peer.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(peer.state()).isEqualTo(PeerState.ACTIVE);
        assertThat(peer.protocol().orElseThrow().version()).isEqualTo("OVL/1.0");
        await().untilAsserted(() -> assertThat(b.registry().find(a.nodeId()))
                .hasValueSatisfying(p -> {
                    assertThat(p.state()).isEqualTo(PeerState.ACTIVE);
                    assertThat(p.direction()).isEqualTo(Direction.INBOUND);
                    assertThat(p.listeningEndpoint()).contains(TestEngines.endpointOf(a));
                }));
    }

    @Test
    void pingsMeasureLatencyAndCountTraffic() {
        OverlayNode a = engines.start();
        OverlayNode b = engines.start();

        Peer peer = a.connect(TestEngines.endpointOf(b)).join();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(peer.latency()).isPresent();
            assertThat(peer.messagesIn()).isPositive();
            assertThat(peer.bytesOut()).isPositive();
        });
    }

    @Test
    void adminDisconnectDropsThePeerOnBothSidesWithTheReason() {
        OverlayNode a = engines.start();
        OverlayNode b = engines.start();
        a.connect(TestEngines.endpointOf(b)).join();
        await().until(() -> b.registry().isActive(a.nodeId()));

        assertThat(a.registry().disconnect(b.nodeId(), DisconnectReason.ADMIN, "operator request")).isTrue();

        await().untilAsserted(() -> {
            assertThat(a.registry().connections()).isEmpty();
            assertThat(b.registry().connections()).isEmpty();
        });
        assertThat(a.registry().recentlyClosed()).first().satisfies(closed -> {
            assertThat(closed.disconnect().reason()).isEqualTo(DisconnectReason.ADMIN);
            assertThat(closed.disconnect().origin()).isEqualTo(DisconnectOrigin.LOCAL);
        });
        assertThat(b.registry().recentlyClosed()).first().satisfies(closed -> {
            assertThat(closed.disconnect().reason()).isEqualTo(DisconnectReason.ADMIN);
            assertThat(closed.disconnect().origin()).isEqualTo(DisconnectOrigin.REMOTE);
        });
    }

    @Test
    void stoppingANodeSendsShutdownToItsPeers() {
        OverlayNode a = engines.start();
        OverlayNode b = engines.start();
        a.connect(TestEngines.endpointOf(b)).join();
        await().until(() -> b.registry().isActive(a.nodeId()));

        a.stop();

        await().untilAsserted(() -> assertThat(b.registry().recentlyClosed()).first()
                .satisfies(closed -> assertThat(closed.disconnect().reason()).isEqualTo(DisconnectReason.SHUTDOWN)));
        assertThat(b.registry().connections()).isEmpty();
    }
}
