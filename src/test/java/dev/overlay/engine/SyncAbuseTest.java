package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.overlay.identity.NodeKey;
import dev.overlay.protocol.MessageType;
import dev.overlay.protocol.proto.SyncFetch;
import dev.overlay.protocol.proto.SyncMessages;
import dev.overlay.protocol.proto.SyncRanges;
import dev.overlay.relay.SignedMessage;
import dev.overlay.resource.Fee;
import dev.overlay.resource.ResourceCounters;
import dev.overlay.sync.Reconciler;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reconciliation frames from a misbehaving peer are charged and harm nobody: malformed ranges, floods of
 * ids, messages nobody asked for, forged messages offered as recoveries, sync frames without the feature.
 */
class SyncAbuseTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    private static RawPeerClient syncPeer(OverlayNode node, NodeKey key, boolean offerSync) throws Exception {
        RawPeerClient raw = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(key));
        Map<String, String> headers = RawPeerClient.upgradeHeaders(key, TestEngines.NETWORK);
        if (offerSync) {
            headers.put("X-Protocol-Ctl", "sync=1");
        }
        raw.sendRequest("GET / HTTP/1.1", headers);
        assertThat(raw.readAnswer().status()).isEqualTo(101);
        return raw;
    }

    private static RawPeerClient.RawFrame next(RawPeerClient raw, MessageType type) throws IOException {
        RawPeerClient.RawFrame frame;
        do {
            frame = raw.readFrame();
        } while (frame.type() != type.code());
        return frame;
    }

    private static SignedMessage message(NodeKey origin, Instant at) {
        return SignedMessage.sign(origin, "abuse", RANDOM.nextLong(), at, new byte[] {7});
    }

    /**
     * Answers the node's opening ranges with one reply that lists only {@code offered} over the whole
     * last range, and returns the fetch the node sends back.
     */
    private static SyncFetch offerInReply(RawPeerClient raw, SignedMessage offered) throws IOException {
        SyncRanges opening = SyncRanges.parseFrom(next(raw, MessageType.SYNC_RANGES).body());
        SyncRanges.Range last = opening.getRanges(opening.getRangesCount() - 1);
        raw.sendFrame(MessageType.SYNC_RANGES.code(), SyncRanges.newBuilder().setSession(opening.getSession())
                .setReply(true).setLowerTimestamp(opening.getLowerTimestamp()).setLowerId(opening.getLowerId())
                .addRanges(SyncRanges.Range.newBuilder().setUpperTimestamp(last.getUpperTimestamp())
                        .setUpperId(last.getUpperId()).setMode(2).setIds(SyncFrames.ids(List.of(offered.id()))))
                .build().toByteArray());
        return SyncFetch.parseFrom(next(raw, MessageType.SYNC_FETCH).body());
    }

    private static void sendFetched(RawPeerClient raw, SyncFetch fetch, SignedMessage message) throws IOException {
        raw.sendFrame(MessageType.SYNC_MESSAGES.code(), SyncMessages.newBuilder().setSession(fetch.getSession())
                .addMessages(PublishFrames.toWire(message, 0)).build().toByteArray());
    }

    private static long charges(OverlayNode node, Fee fee) {
        ResourceCounters counters = node.resources().manager().counters();
        return counters.charges(fee).sum();
    }

    @Test
    void messagesNobodyAskedForAreChargedAndNotDelivered() throws Exception {
        OverlayNode node = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        SignedMessage unasked = message(key, Instant.now().minusSeconds(30));
        try (RawPeerClient raw = syncPeer(node, key, true)) {
            raw.sendFrame(MessageType.SYNC_MESSAGES.code(), SyncMessages.newBuilder().setSession(1)
                    .addMessages(PublishFrames.toWire(unasked, 0)).build().toByteArray());

            await().until(() -> charges(node, Fee.USELESS_DATA) >= 1);
        }
        assertThat(node.sync().log().contains(unasked.id())).isFalse();
        assertThat(node.relay().counters().delivered.sum()).isZero();
    }

    @Test
    void aForgedMessageOfferedInAReconciliationIsChargedAsAnInvalidSignature() throws Exception {
        OverlayNode node = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        SignedMessage genuine = message(key, Instant.now().minusSeconds(30));
        SignedMessage forged = SignedMessage.fromWire(key.nodeId().publicKey(), genuine.topic(), genuine.sequence(),
                genuine.timestamp().toEpochMilli(), genuine.payload(), new byte[64], 1024);
        try (RawPeerClient raw = syncPeer(node, key, true)) {
            SyncFetch fetch = offerInReply(raw, forged);
            assertThat(SyncFrames.ids(fetch.getIds())).containsExactly(forged.id());

            sendFetched(raw, fetch, forged);

            await().until(() -> charges(node, Fee.INVALID_SIGNATURE) >= 1);
        }
        assertThat(node.sync().log().contains(forged.id())).isFalse();
    }

    @Test
    void aMessageFetchedInAReconciliationIsDeliveredOnceAndNotRelayedOn() throws Exception {
        OverlayNode node = engines.start();
        OverlayNode neighbour = engines.start(s -> s.sync = false);
        neighbour.connect(TestEngines.endpointOf(node)).join();
        NodeKey key = NodeKey.generate(RANDOM);
        SignedMessage offered = message(key, Instant.now().minusSeconds(30));
        try (RawPeerClient raw = syncPeer(node, key, true)) {
            SyncFetch fetch = offerInReply(raw, offered);
            sendFetched(raw, fetch, offered);

            await().until(() -> node.sync().log().contains(offered.id()));
        }
        assertThat(node.relay().counters().delivered.sum()).isEqualTo(1);
        assertThat(node.relay().counters().relayed.sum()).as("recovered messages are not relayed on").isZero();
        assertThat(node.sync().totals().messagesRecovered()).isEqualTo(1);
    }

    @Test
    void rangesWhoseBoundsFallAreChargedAsInvalidData() throws Exception {
        OverlayNode node = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        try (RawPeerClient raw = syncPeer(node, key, true)) {
            raw.sendFrame(MessageType.SYNC_RANGES.code(), SyncRanges.newBuilder().setSession(5)
                    .setLowerTimestamp(5_000)
                    .addRanges(SyncRanges.Range.newBuilder().setUpperTimestamp(4_000).setMode(0))
                    .build().toByteArray());

            await().until(() -> charges(node, Fee.INVALID_DATA) >= 1);
            assertThat(node.registry().isActive(key.nodeId())).isTrue();
        }
    }

    @Test
    void aFetchOfMoreIdsThanAllowedIsCharged() throws Exception {
        OverlayNode node = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        try (RawPeerClient raw = syncPeer(node, key, true)) {
            raw.sendFrame(MessageType.SYNC_FETCH.code(), SyncFetch.newBuilder().setSession(1)
                    .setIds(ByteString.copyFrom(new byte[32 * (Reconciler.MAX_FETCH_IDS + 1)])).build().toByteArray());

            await().until(() -> charges(node, Fee.INVALID_DATA) >= 1);
        }
    }

    @Test
    void queriesFasterThanTheRateAreChargedAsUselessData() throws Exception {
        OverlayNode node = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        byte[] query = SyncRanges.newBuilder().setSession(9).setLowerTimestamp(0)
                .addRanges(SyncRanges.Range.newBuilder().setUpperTimestamp(1_000).setMode(0)).build().toByteArray();
        try (RawPeerClient raw = syncPeer(node, key, true)) {
            // A burst, then what the refill brings in 30 s: only a client slower than the limit avoids it.
            // The charges soon pass the drop threshold, and the node closes the connection.
            try {
                for (int i = 0; i < SyncBridge.BURST + SyncBridge.RATE_PER_SECOND * 30; i++) {
                    raw.sendFrame(MessageType.SYNC_RANGES.code(), query);
                }
            } catch (IOException dropped) {
                await().until(() -> !node.registry().isActive(key.nodeId()));
            }

            await().until(() -> charges(node, Fee.USELESS_DATA) >= 1);
        }
    }

    @Test
    void syncFramesWithoutTheFeatureAreCharged() throws Exception {
        OverlayNode node = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        try (RawPeerClient raw = syncPeer(node, key, false)) {
            raw.sendFrame(MessageType.SYNC_FETCH.code(), SyncFetch.newBuilder().setSession(1).build().toByteArray());

            await().until(() -> charges(node, Fee.INVALID_DATA) >= 1);
        }
    }
}
