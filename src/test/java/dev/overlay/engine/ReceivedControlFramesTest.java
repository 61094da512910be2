package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.identity.NodeKey;
import dev.overlay.peer.DisconnectOrigin;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.protocol.MessageType;
import dev.overlay.protocol.proto.Close;
import dev.overlay.protocol.proto.LoadWarning;
import dev.overlay.protocol.proto.Ping;
import dev.overlay.protocol.proto.Pong;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the node makes of control frames whose content docs/PROTOCOL.md 3 states edge cases for. */
class ReceivedControlFramesTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    private static RawPeerClient.RawFrame awaitFrame(RawPeerClient client, MessageType type) throws Exception {
        RawPeerClient.RawFrame frame = client.readFrame();
        while (frame.type() != type.code()) {
            frame = client.readFrame();
        }
        return frame;
    }

    @Test
    void closeTextOverTheLimitIsRecordedCutToTheLimitAtACharacterBoundary() throws Exception {
        OverlayNode node = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        String threeByteCharacters = "\u20ac".repeat(100);

        try (RawPeerClient raw = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(key))) {
            assertThat(raw.upgrade(key, TestEngines.NETWORK)).isEqualTo(101);
            raw.sendFrame(MessageType.CLOSE.code(),
                    Close.newBuilder().setCode(1).setText(threeByteCharacters).build().toByteArray());

            await().until(() -> !node.registry().recentlyClosed().isEmpty());
        }
        var disconnect = node.registry().recentlyClosed().get(0).disconnect();
        assertThat(disconnect.origin()).isEqualTo(DisconnectOrigin.REMOTE);
        assertThat(disconnect.reason()).isEqualTo(DisconnectReason.ADMIN);
        assertThat(disconnect.detail()).isEqualTo("\u20ac".repeat(85));
        assertThat(disconnect.detail().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(256);
    }

    @Test
    void pingNonceIsEchoedBitForBitAsAnUnsigned64BitValue() throws Exception {
        OverlayNode node = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);

        try (RawPeerClient raw = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(key))) {
            assertThat(raw.upgrade(key, TestEngines.NETWORK)).isEqualTo(101);
            raw.sendFrame(MessageType.PING.code(), Ping.newBuilder().setNonce(-1L).build().toByteArray());

            Pong pong = Pong.parseFrom(awaitFrame(raw, MessageType.PONG).body());
            while (pong.getNonce() != -1L) {
                pong = Pong.parseFrom(awaitFrame(raw, MessageType.PONG).body());
            }
            assertThat(Long.toUnsignedString(pong.getNonce())).isEqualTo("18446744073709551615");
        }
    }

    @Test
    void pingWhoseNonceHasTheWrongWireTypeIsReadAsNonceZeroLikeAnyUnknownField() throws Exception {
        OverlayNode node = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        byte[] nonceAsBytesField = {0x0A, 0x01, 0x07};

        try (RawPeerClient raw = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(key))) {
            assertThat(raw.upgrade(key, TestEngines.NETWORK)).isEqualTo(101);
            raw.sendFrame(MessageType.PING.code(), nonceAsBytesField);

            // The node's own pings carry random nonces; ours is answered with 0.
            Pong pong = Pong.parseFrom(awaitFrame(raw, MessageType.PONG).body());
            while (pong.getNonce() != 0) {
                pong = Pong.parseFrom(awaitFrame(raw, MessageType.PONG).body());
            }
            assertThat(node.registry().isActive(key.nodeId())).isTrue();
            assertThat(node.registry().find(key.nodeId()).orElseThrow().invalidMessages()).isZero();
        }
    }

    @Test
    void loadWarningSentToTheNodeChangesNothing() throws Exception {
        OverlayNode node = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);

        try (RawPeerClient raw = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(key))) {
            assertThat(raw.upgrade(key, TestEngines.NETWORK)).isEqualTo(101);
            raw.sendFrame(MessageType.LOAD_WARNING.code(),
                    LoadWarning.newBuilder().setBalance(0xFFFF_FFFF).setReason("INVALID_SIGNATURE").build().toByteArray());
            raw.sendFrame(MessageType.PING.code(), Ping.newBuilder().setNonce(42).build().toByteArray());

            Pong pong = Pong.parseFrom(awaitFrame(raw, MessageType.PONG).body());
            while (pong.getNonce() != 42) {
                pong = Pong.parseFrom(awaitFrame(raw, MessageType.PONG).body());
            }
            assertThat(node.registry().isActive(key.nodeId())).isTrue();
            assertThat(node.registry().find(key.nodeId()).orElseThrow().invalidMessages()).isZero();
            assertThat(node.resources().manager().consumers()).isEmpty();
        }
    }
}
