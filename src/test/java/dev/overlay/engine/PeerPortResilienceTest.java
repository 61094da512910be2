package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.identity.NodeKey;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.protocol.MessageType;
import dev.overlay.protocol.proto.Close;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile bytes on the peer port cost the sender its connection and nobody else anything: the node
 * stays healthy and its existing peering keeps exchanging pings.
 */
class PeerPortResilienceTest {

    private static final SecureRandom KEYS = new SecureRandom();

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    private final Random random = new Random(20261123);
    private OverlayNode node;
    private OverlayNode neighbour;
    private Peer neighbourAsSeenByNode;

    @BeforeEach
    void peerTwoNodes() {
        node = engines.start(s -> s.handshakeTimeout = Duration.ofSeconds(1));
        neighbour = engines.start();
        neighbour.connect(new Endpoint("127.0.0.1", node.peerPort())).join();
        await().until(() -> node.registry().isActive(neighbour.nodeId()));
        neighbourAsSeenByNode = node.registry().find(neighbour.nodeId()).orElseThrow();
    }

    @Test
    void randomBytesOnPlainTcpLeaveTheNodeAndItsPeersHealthy() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (RawPeerClient attacker = RawPeerClient.tcp(node.peerPort())) {
                byte[] garbage = new byte[1 + random.nextInt(8192)];
                random.nextBytes(garbage);
                attacker.send(garbage);
                assertThat(attacker.closedByServer()).isTrue();
            }
        }

        assertExistingPeeringStillWorks();
    }

    @Test
    void halfFinishedTlsHandshakeIsCutOffWithoutHarm() throws Exception {
        byte[] partialClientHello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
        try (RawPeerClient stalled = RawPeerClient.tcp(node.peerPort())) {
            stalled.send(partialClientHello);
            assertThat(stalled.closedByServer()).isTrue();
        }

        await().until(() -> node.registry().connections().size() == 1);
        assertExistingPeeringStillWorks();
    }

    @Test
    void halfFinishedUpgradeRequestIsCutOffWithoutHarm() throws Exception {
        NodeKey key = NodeKey.generate(KEYS);
        try (RawPeerClient stalled = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(key))) {
            stalled.send("GET / HTTP/1.1\r\nUpgrade: OVL/1.0\r\nX-Network-Id: te".getBytes(StandardCharsets.US_ASCII));
            assertThat(stalled.readAnswer().status()).isEqualTo(408);
        }

        assertExistingPeeringStillWorks();
    }

    @Test
    void garbageAfterTheUpgradeClosesOnlyThatPeerWithAReason() throws Exception {
        byte[] garbage = new byte[4096];
        random.nextBytes(garbage);
        garbage[0] = 0;
        garbage[1] = 0;
        garbage[2] = 0;
        garbage[3] = 100;

        Close close = upgradeThenSend(garbage);

        assertThat(DisconnectReason.ofCode(close.getCode())).isIn(DisconnectReason.UNKNOWN_MESSAGE_TYPE,
                DisconnectReason.MALFORMED_FRAME, DisconnectReason.MALFORMED_BODY);
        assertExistingPeeringStillWorks();
    }

    @Test
    void oversizedFrameClosesOnlyThatPeerWithFrameTooLarge() throws Exception {
        byte[] header = ByteBuffer.allocate(7).putInt(Integer.MAX_VALUE).putShort((short) 1).put((byte) 0).array();

        Close close = upgradeThenSend(header);

        assertThat(DisconnectReason.ofCode(close.getCode())).isEqualTo(DisconnectReason.FRAME_TOO_LARGE);
        assertExistingPeeringStillWorks();
    }

    @Test
    void unknownFrameTypeClosesOnlyThatPeerWithUnknownMessageType() throws Exception {
        byte[] frame = ByteBuffer.allocate(9).putInt(2).putShort((short) 999).put((byte) 0).put(new byte[2]).array();

        Close close = upgradeThenSend(frame);

        assertThat(DisconnectReason.ofCode(close.getCode())).isEqualTo(DisconnectReason.UNKNOWN_MESSAGE_TYPE);
        assertExistingPeeringStillWorks();
    }

    @Test
    void peerPortServesHealthAndCrawlWithoutAClientCertificate() throws Exception {
        RawPeerClient.HttpAnswer health;
        try (RawPeerClient probe = RawPeerClient.tls(node.peerPort(), null)) {
            probe.sendRequest("GET /health HTTP/1.1", Map.of("Host", "127.0.0.1"));
            health = probe.readAnswer();
        }
        RawPeerClient.HttpAnswer crawl;
        try (RawPeerClient probe = RawPeerClient.tls(node.peerPort(), null)) {
            probe.sendRequest("GET /crawl HTTP/1.1", Map.of("Host", "127.0.0.1"));
            crawl = probe.readAnswer();
        }

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"activePeers\":1");
        assertThat(crawl.status()).isEqualTo(200);
        assertThat(crawl.body()).contains(node.nodeId().hex()).contains(neighbour.nodeId().hex())
                .contains("\"uptimeSeconds\"");
    }

    /** Upgrades as a fresh, valid node, sends {@code bytes}, and returns the Close the node answers. */
    private Close upgradeThenSend(byte[] bytes) throws Exception {
        NodeKey key = NodeKey.generate(KEYS);
        try (RawPeerClient peer = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(key))) {
            peer.sendRequest("GET / HTTP/1.1", RawPeerClient.upgradeHeaders(key, "test-net"));
            assertThat(peer.readAnswer().status()).isEqualTo(101);
            await().until(() -> node.registry().isActive(key.nodeId()));

            peer.send(bytes);

            RawPeerClient.RawFrame frame = peer.readFrame();
            while (frame.type() != MessageType.CLOSE.code()) {
                frame = peer.readFrame();
            }
            assertThat(peer.closedByServer()).isTrue();
            await().until(() -> !node.registry().isActive(key.nodeId()));
            return Close.parseFrom(frame.body());
        }
    }

    private void assertExistingPeeringStillWorks() {
        long pingsSoFar = neighbourAsSeenByNode.messagesIn();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> neighbourAsSeenByNode.messagesIn() > pingsSoFar + 2);
        assertThat(node.registry().isActive(neighbour.nodeId())).isTrue();
        assertThat(neighbour.registry().isActive(node.nodeId())).isTrue();
        assertThat(node.status().isListening()).isTrue();
    }
}
