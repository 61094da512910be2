package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.overlay.identity.NodeKey;
import dev.overlay.protocol.MessageType;
import dev.overlay.protocol.proto.LoadWarning;
import dev.overlay.relay.SignedMessage;
import dev.overlay.resource.Fee;
import dev.overlay.resource.ResourceCounters;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Copies that only a misbehaving peer sends are charged: the same message again, or a message too far
 * out of the age window for the peer to have accepted it. Copies just outside the window are not.
 */
class MessageChargesTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The test engines' age limit (2 min) plus their allowed clock skew (30 s). */
    private static final Duration AGE_LIMIT = Duration.ofMinutes(2);
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    private static byte[] publish(NodeKey origin, long sequence, Instant timestamp) {
        SignedMessage message = SignedMessage.sign(origin, "charges", sequence, timestamp, new byte[] {1});
        return PublishFrames.toWire(message, 0).toByteArray();
    }

    /** Reads frames until a {@code LoadWarning}; fails on the read timeout if none comes. */
    private static RawPeerClient.RawFrame awaitLoadWarning(RawPeerClient peer) throws IOException {
        RawPeerClient.RawFrame frame = peer.readFrame();
        while (frame.type() != MessageType.LOAD_WARNING.code()) {
            frame = peer.readFrame();
        }
        return frame;
    }

    @Test
    void peerSendingTheSameMessageOverAndOverIsWarned() throws Exception {
        OverlayNode node = engines.start();
        NodeKey peer = NodeKey.generate(RANDOM);
        byte[] copy = publish(peer, 1, Instant.now());

        try (RawPeerClient raw = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(peer))) {
            assertThat(raw.upgrade(peer, TestEngines.NETWORK)).isEqualTo(101);
            for (int i = 0; i < 150; i++) {
                raw.sendFrame(MessageType.PUBLISH.code(), copy);
            }
            awaitLoadWarning(raw);
        }

        ResourceCounters counters = node.resources().manager().counters();
        assertThat(counters.charges(Fee.REPEATED_MESSAGE).sum()).as("5000 / 50 per repeat")
                .isGreaterThanOrEqualTo(100);
        assertThat(counters.warnings.sum()).isEqualTo(1);
        assertThat(node.relay().counters().delivered.sum()).isEqualTo(1);
    }

    @Test
    void loadWarningCarriesThePeersBalanceNotTheThreshold() throws Exception {
        OverlayNode node = engines.start();
        NodeKey peer = NodeKey.generate(RANDOM);

        try (RawPeerClient raw = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(peer))) {
            assertThat(raw.upgrade(peer, TestEngines.NETWORK)).isEqualTo(101);
            for (int i = 0; i < 3; i++) {
                byte[] forged = PublishFrames.toWire(SignedMessage.sign(peer, "charges", i, Instant.now(),
                        new byte[] {1}), 0).toBuilder().setPayload(ByteString.copyFromUtf8("tampered")).build()
                        .toByteArray();
                raw.sendFrame(MessageType.PUBLISH.code(), forged);
            }
            LoadWarning warning = LoadWarning.parseFrom(awaitLoadWarning(raw).body());

            assertThat(Integer.toUnsignedLong(warning.getBalance())).as("three charges of 2000, barely decayed")
                    .isBetween(5_900L, 6_000L);
            assertThat(warning.getReason()).isEqualTo("INVALID_SIGNATURE");
        }
    }

    @Test
    void peerRelayingMessagesStampedAnHourAgoIsWarned() throws Exception {
        OverlayNode node = engines.start();
        NodeKey peer = NodeKey.generate(RANDOM);
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));

        try (RawPeerClient raw = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(peer))) {
            assertThat(raw.upgrade(peer, TestEngines.NETWORK)).isEqualTo(101);
            for (int i = 0; i < 150; i++) {
                raw.sendFrame(MessageType.PUBLISH.code(), publish(peer, i, anHourAgo));
            }
            awaitLoadWarning(raw);
        }

        ResourceCounters counters = node.resources().manager().counters();
        assertThat(counters.charges(Fee.STALE_MESSAGE).sum()).as("5000 / 50 per stale copy")
                .isGreaterThanOrEqualTo(100);
        assertThat(node.relay().counters().delivered.sum()).isZero();
    }

    @Test
    void messageJustPastTheAgeLimitButWithinTheClockSkewIsDroppedWithoutCharge() throws Exception {
        OverlayNode node = engines.start();
        NodeKey peer = NodeKey.generate(RANDOM);
        Instant pastTheLimit = Instant.now().minus(AGE_LIMIT).minus(CLOCK_SKEW.dividedBy(2));
        Instant aheadPastTheLimit = Instant.now().plus(AGE_LIMIT).plus(CLOCK_SKEW.dividedBy(2));

        try (RawPeerClient raw = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(peer))) {
            assertThat(raw.upgrade(peer, TestEngines.NETWORK)).isEqualTo(101);
            raw.sendFrame(MessageType.PUBLISH.code(), publish(peer, 1, pastTheLimit));
            raw.sendFrame(MessageType.PUBLISH.code(), publish(peer, 2, aheadPastTheLimit));
            // Frames are handled in order: once this one is delivered, the two before it were dropped.
            raw.sendFrame(MessageType.PUBLISH.code(), publish(peer, 3, Instant.now()));
            await().until(() -> node.relay().counters().delivered.sum() == 1);
        }

        assertThat(node.relay().counters().expired.sum()).isEqualTo(2);
        assertThat(node.resources().manager().counters().charges(Fee.STALE_MESSAGE).sum()).isZero();
        assertThat(node.resources().manager().consumers()).isEmpty();
    }
}
