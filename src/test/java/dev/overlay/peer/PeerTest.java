package dev.overlay.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Endpoint ADDRESS = Endpoint.parse("192.0.2.1:51235");

    private final List<String> linkCalls = new ArrayList<>();
    private final PeerLink link = TestLinks.recordingDisconnects(linkCalls);

    private Peer peer(Direction direction) {
        return new Peer(7, direction, ADDRESS, link);
    }

    @Test
    void hasNoLatencyBeforeTheFirstPong() {
        assertThat(peer(Direction.INBOUND).latency()).isEmpty();
    }

    @Test
    void firstLatencySampleIsTakenAsIs() {
        Peer peer = peer(Direction.INBOUND);

        peer.recordLatency(Duration.ofMillis(80));

        assertThat(peer.latency()).contains(Duration.ofMillis(80));
    }

    @Test
    void laterSamplesAreSmoothedAsSevenEighthsOldPlusOneEighthNew() {
        Peer peer = peer(Direction.INBOUND);
        peer.recordLatency(Duration.ofMillis(100));

        peer.recordLatency(Duration.ofMillis(200));

        assertThat(peer.latency()).contains(Duration.ofNanos(112_500_000)); // (7 * 100 + 200) / 8 ms
    }

    @Test
    void oneSlowPongMovesTheSmoothedLatencyOnlyAnEighthOfTheWay() {
        Peer peer = peer(Direction.INBOUND);
        peer.recordLatency(Duration.ofMillis(40));

        peer.recordLatency(Duration.ofSeconds(8));

        assertThat(peer.latency()).contains(Duration.ofMillis(1035)); // (7 * 40 + 8000) / 8
    }

    @Test
    void steadySamplesConvergeToTheirValue() {
        Peer peer = peer(Direction.INBOUND);
        peer.recordLatency(Duration.ofMillis(800));

        for (int i = 0; i < 200; i++) {
            peer.recordLatency(Duration.ofMillis(50));
        }

        assertThat(peer.latency().orElseThrow()).isBetween(Duration.ofMillis(50), Duration.ofMillis(51));
    }

    @Test
    void outboundStartsConnectingAndInboundStartsHandshaking() {
        assertThat(peer(Direction.OUTBOUND).state()).isEqualTo(PeerState.CONNECTING);
        assertThat(peer(Direction.INBOUND).state()).isEqualTo(PeerState.HANDSHAKING);
    }

    @Test
    void markHandshakingMovesAConnectingPeerForwardOnly() {
        Peer outbound = peer(Direction.OUTBOUND);
        outbound.markHandshaking();
        assertThat(outbound.state()).isEqualTo(PeerState.HANDSHAKING);

        Peer closing = peer(Direction.INBOUND);
        closing.markClosing(new Disconnect(DisconnectReason.ADMIN, DisconnectOrigin.LOCAL, "", T0));
        closing.markHandshaking();
        assertThat(closing.state()).isEqualTo(PeerState.CLOSING);
    }

    @Test
    void onlyTheFirstDecidedDisconnectCounts() {
        Peer peer = peer(Direction.INBOUND);
        Disconnect first = new Disconnect(DisconnectReason.PING_TIMEOUT, DisconnectOrigin.LOCAL, "silent", T0);
        Disconnect second = new Disconnect(DisconnectReason.ADMIN, DisconnectOrigin.REMOTE, "", T0.plusSeconds(1));

        assertThat(peer.markClosing(first)).isTrue();
        assertThat(peer.markClosing(second)).isFalse();
        assertThat(peer.disconnect()).contains(first);
        assertThat(peer.state()).isEqualTo(PeerState.CLOSING);
    }

    @Test
    void identifyRecordsWhatTheHandshakeEstablished() {
        Peer peer = peer(Direction.INBOUND);
        NodeId node = new NodeId("ab".repeat(32));
        NegotiatedProtocol protocol = new NegotiatedProtocol("OVL/1.0", Set.of("squelch=1"));

        peer.identify(node, Endpoint.parse("192.0.2.1:51236"), protocol, "agent/1");

        assertThat(peer.nodeId()).contains(node);
        assertThat(peer.listeningEndpoint()).contains(Endpoint.parse("192.0.2.1:51236"));
        assertThat(peer.protocol()).contains(protocol);
        assertThat(peer.userAgent()).contains("agent/1");
    }

    @Test
    void countsMessagesPerDirection() {
        Peer peer = peer(Direction.INBOUND);

        peer.recordMessageIn();
        peer.recordMessageIn();
        peer.recordMessageOut();

        assertThat(peer.messagesIn()).isEqualTo(2);
        assertThat(peer.messagesOut()).isEqualTo(1);
        assertThat(peer.bytesIn()).as("bytes are counted on the wire, apart from messages").isZero();
    }

    @Test
    void countsWireBytesPerDirection() {
        Peer peer = peer(Direction.INBOUND);

        peer.recordBytesIn(10);
        peer.recordBytesIn(15);
        peer.recordBytesOut(7);

        assertThat(peer.bytesIn()).isEqualTo(25);
        assertThat(peer.bytesOut()).isEqualTo(7);
        assertThat(peer.messagesIn()).isZero();
    }

    @Test
    void disconnectIsHandedToTheLink() {
        peer(Direction.INBOUND).disconnect(DisconnectReason.ADMIN, "operator request");

        assertThat(linkCalls).containsExactly("ADMIN:operator request");
    }
}
