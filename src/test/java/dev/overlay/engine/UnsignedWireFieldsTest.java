package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Endpoint;
import dev.overlay.protocol.MessageType;
import dev.overlay.protocol.proto.Ping;
import dev.overlay.protocol.proto.Publish;
import dev.overlay.protocol.proto.Squelch;
import dev.overlay.relay.SignedMessage;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@code uint32} a peer sends is read unsigned: a value at or above 2^31 is a large number, not a
 * negative one that slips under a limit.
 */
class UnsignedWireFieldsTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    private static byte[] publish(NodeKey origin, String topic, long hops) {
        SignedMessage message = SignedMessage.sign(origin, topic, 1, Instant.now(), new byte[] {1});
        return PublishFrames.toWire(message, 0).toBuilder().setHops((int) hops).build().toByteArray();
    }

    @ParameterizedTest(name = "hops {0}")
    @ValueSource(longs = {16, 0x8000_0000L, 0xFFFF_FFFFL})
    void copyThatArrivesAtOrBeyondTheHopLimitIsDeliveredButNotRelayed(long hops) throws Exception {
        OverlayNode firstHop = engines.start();
        OverlayNode beyond = engines.start();
        beyond.connect(new Endpoint("127.0.0.1", firstHop.peerPort())).join();
        await().until(() -> firstHop.registry().activeCount() == 1);
        NodeKey sender = NodeKey.generate(RANDOM);

        try (RawPeerClient raw = RawPeerClient.tls(firstHop.peerPort(), RawPeerClient.identity(sender))) {
            assertThat(raw.upgrade(sender, TestEngines.NETWORK)).isEqualTo(101);
            raw.sendFrame(MessageType.PUBLISH.code(), publish(sender, "far", hops));
            raw.sendFrame(MessageType.PUBLISH.code(), publish(sender, "near", 0));

            // The relay handles copies in order: once the second arrived beyond, the first would have.
            await().until(() -> !TestEngines.delivered(beyond, "near").isEmpty());
        }
        assertThat(TestEngines.delivered(firstHop, "far")).hasSize(1);
        assertThat(TestEngines.delivered(beyond, "far")).isEmpty();
        assertThat(beyond.relay().counters().received.sum()).isEqualTo(1);
    }

    @Test
    void squelchForTheLargestDurationHoldsForTheLongestHonouredRatherThanEndingAtOnce() throws Exception {
        OverlayNode node = engines.start();
        NodeKey squelcher = NodeKey.generate(RANDOM);
        NodeKey sender = NodeKey.generate(RANDOM);
        NodeKey otherOrigin = NodeKey.generate(RANDOM);

        try (RawPeerClient receiver = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(squelcher));
             RawPeerClient raw = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(sender))) {
            Map<String, String> headers = RawPeerClient.upgradeHeaders(squelcher, TestEngines.NETWORK);
            headers.put("X-Protocol-Ctl", "squelch=1");
            receiver.sendRequest("GET / HTTP/1.1", headers);
            assertThat(receiver.readAnswer().status()).isEqualTo(101);
            assertThat(raw.upgrade(sender, TestEngines.NETWORK)).isEqualTo(101);
            await().until(() -> node.registry().activeCount() == 2);

            receiver.sendFrame(MessageType.SQUELCH.code(), Squelch.newBuilder()
                    .setOrigin(ByteString.copyFrom(sender.nodeId().publicKey())).setSquelch(true)
                    .setDurationSeconds(0xFFFF_FFFF).build().toByteArray());
            // Frames are handled in order: the Pong means the Squelch has gone to the relay.
            receiver.sendFrame(MessageType.PING.code(), Ping.newBuilder().setNonce(7).build().toByteArray());
            awaitFrame(receiver, MessageType.PONG);
            raw.sendFrame(MessageType.PUBLISH.code(), publish(sender, "squelched", 0));
            raw.sendFrame(MessageType.PUBLISH.code(), publish(otherOrigin, "other", 0));

            Publish first = Publish.parseFrom(awaitFrame(receiver, MessageType.PUBLISH).body());
            assertThat(first.getTopic()).isEqualTo("other");
        }
    }

    private static RawPeerClient.RawFrame awaitFrame(RawPeerClient client, MessageType type) throws Exception {
        RawPeerClient.RawFrame frame = client.readFrame();
        while (frame.type() != type.code()) {
            frame = client.readFrame();
        }
        return frame;
    }
}
