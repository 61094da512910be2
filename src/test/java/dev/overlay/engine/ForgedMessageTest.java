package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Endpoint;
import dev.overlay.protocol.MessageType;
import dev.overlay.protocol.proto.Publish;
import dev.overlay.relay.SignedMessage;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A forged or tampered message is rejected at the first hop and reaches no other node. */
class ForgedMessageTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    private OverlayNode firstHop;
    private OverlayNode beyond;

    @BeforeEach
    void lineOfTwoNodes() {
        firstHop = engines.start();
        beyond = engines.start();
        beyond.connect(new Endpoint("127.0.0.1", firstHop.peerPort())).join();
        await().until(() -> firstHop.registry().activeCount() == 1);
    }

    private static Publish toWire(SignedMessage message) {
        return PublishFrames.toWire(message, 0);
    }

    private void sendAsAttacker(Publish... publishes) throws Exception {
        NodeKey attacker = NodeKey.generate(RANDOM);
        try (RawPeerClient client = RawPeerClient.tls(firstHop.peerPort(), RawPeerClient.identity(attacker))) {
            assertThat(client.upgrade(attacker, TestEngines.NETWORK)).isEqualTo(101);
            for (Publish publish : publishes) {
                client.sendFrame(MessageType.PUBLISH.code(), publish.toByteArray());
            }
            await().until(() -> firstHop.relay().counters().invalid.sum() == publishes.length);
            assertThat(firstHop.registry().find(attacker.nodeId()).orElseThrow().invalidMessages())
                    .isEqualTo(publishes.length);
        }
    }

    @Test
    void tamperedPayloadIsRejectedAtTheFirstHop() throws Exception {
        NodeKey origin = NodeKey.generate(RANDOM);
        SignedMessage genuine = SignedMessage.sign(origin, "tampered", 1, Instant.now(), "pay 10".getBytes());
        Publish tampered = toWire(genuine).toBuilder().setPayload(ByteString.copyFromUtf8("pay 99")).build();

        sendAsAttacker(tampered);

        assertThat(TestEngines.delivered(firstHop, "tampered")).isEmpty();
        assertThat(firstHop.relay().counters().relayed.sum()).isZero();
        assertThat(beyond.relay().counters().received.sum()).isZero();
    }

    @Test
    void messageSignedByAnotherKeyThanItsOriginIsRejectedAtTheFirstHop() throws Exception {
        NodeKey forger = NodeKey.generate(RANDOM);
        SignedMessage forgedBySelf = SignedMessage.sign(forger, "forged", 1, Instant.now(), "hello".getBytes());
        Publish claimingToBeBeyond = toWire(forgedBySelf).toBuilder()
                .setOrigin(ByteString.copyFrom(beyond.nodeId().publicKey())).build();

        sendAsAttacker(claimingToBeBeyond);

        assertThat(TestEngines.delivered(firstHop, "forged")).isEmpty();
        assertThat(beyond.relay().counters().received.sum()).isZero();
    }

    @Test
    void genuineMessageFromTheSameClientIsRelayedOnward() throws Exception {
        NodeKey client = NodeKey.generate(RANDOM);
        SignedMessage genuine = SignedMessage.sign(client, "genuine", 1, Instant.now(), "ok".getBytes());
        try (RawPeerClient raw = RawPeerClient.tls(firstHop.peerPort(), RawPeerClient.identity(client))) {
            assertThat(raw.upgrade(client, TestEngines.NETWORK)).isEqualTo(101);
            raw.sendFrame(MessageType.PUBLISH.code(), toWire(genuine).toByteArray());

            await().until(() -> !TestEngines.delivered(beyond, "genuine").isEmpty());
        }
        assertThat(firstHop.relay().counters().invalid.sum()).isZero();
    }

    @Test
    void messageOutsideTheAgeLimitIsDroppedAtTheFirstHop() throws Exception {
        NodeKey client = NodeKey.generate(RANDOM);
        SignedMessage stale = SignedMessage.sign(client, "stale", 1, Instant.now().minus(java.time.Duration.ofHours(1)),
                "old".getBytes());
        try (RawPeerClient raw = RawPeerClient.tls(firstHop.peerPort(), RawPeerClient.identity(client))) {
            assertThat(raw.upgrade(client, TestEngines.NETWORK)).isEqualTo(101);
            raw.sendFrame(MessageType.PUBLISH.code(), toWire(stale).toByteArray());

            await().until(() -> firstHop.relay().counters().expired.sum() == 1);
        }
        assertThat(TestEngines.delivered(firstHop, "stale")).isEmpty();
        assertThat(beyond.relay().counters().received.sum()).isZero();
    }
}
