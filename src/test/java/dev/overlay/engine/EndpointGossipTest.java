package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.discovery.DiscoveryCounters;
import dev.overlay.discovery.HeardEndpoint;
import dev.overlay.discovery.InMemoryAddressBook;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Endpoint;
import dev.overlay.protocol.MessageType;
import dev.overlay.protocol.proto.Endpoints;
import dev.overlay.resource.Fee;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Endpoint gossip: what is taken in, and what is dropped and counted without harm. */
class EndpointGossipTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    private static Endpoints.Entry entry(String endpoint, int hops) {
        return Endpoints.Entry.newBuilder().setEndpoint(endpoint).setHops(hops).build();
    }

    private static List<String> livecache(OverlayNode node) {
        return node.discovery().call(d -> d.livecacheEntries()).join().stream()
                .map(HeardEndpoint::endpoint).map(Endpoint::toString).toList();
    }

    @Test
    void peersLearnEachOthersNeighboursThroughGossip() {
        OverlayNode a = engines.start(s -> s.host = "127.0.0.2");
        OverlayNode b = engines.start(s -> s.host = "127.0.0.3");
        OverlayNode c = engines.start(s -> s.host = "127.0.0.4");
        a.connect(new Endpoint("127.0.0.3", b.peerPort())).join();
        c.connect(new Endpoint("127.0.0.3", b.peerPort())).join();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(livecache(a)).contains("127.0.0.4:" + c.peerPort()));
    }

    @Test
    void malformedEntriesAreDroppedAndCountedWhileTheConnectionStays() throws Exception {
        OverlayNode node = engines.start(s -> s.gossipInterval = Duration.ofMillis(200));
        OverlayNode neighbour = engines.start();
        neighbour.connect(new Endpoint("127.0.0.1", node.peerPort())).join();
        NodeKey key = NodeKey.generate(RANDOM);
        Endpoints hostile = Endpoints.newBuilder()
                .addEntries(entry("not an endpoint", 1))
                .addEntries(entry("seed.example.com:51235", 1))
                .addEntries(entry("0.0.0.0:51235", 1))
                .addEntries(entry("224.0.0.1:51235", 1))
                .addEntries(entry("10.1.2.3:0", 1))
                .addEntries(entry("10.1.2.3:51235", 99))
                .addEntries(entry("10.9.9.9:51235", 2))
                .build();

        try (RawPeerClient raw = gossipingPeer(node, key, hostile)) {

            DiscoveryCounters counters = node.discovery().counters();
            await().until(() -> counters.endpointsDropped.sum() == 6);
            assertThat(livecache(node)).contains("10.9.9.9:51235")
                    .noneMatch(e -> e.startsWith("0.0.0.0") || e.startsWith("224.") || e.contains("example"));
            assertThat(node.registry().find(key.nodeId()).orElseThrow().invalidMessages()).isEqualTo(6);
            assertThat(node.registry().isActive(key.nodeId())).isTrue();
        }
        assertThat(node.registry().isActive(neighbour.nodeId())).isTrue();
    }

    @Test
    void entriesBeyondTheHopLimitAndTheReceiversOwnEndpointAreCountedAndCharged() throws Exception {
        OverlayNode node = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        Endpoints gossip = Endpoints.newBuilder()
                .addEntries(entry("10.1.2.3:51235", 7))
                .addEntries(entry("127.0.0.1:" + node.peerPort(), 1))
                .addEntries(entry("10.9.9.9:51235", 6))
                .build();

        try (RawPeerClient raw = gossipingPeer(node, key, gossip)) {

            await().until(() -> node.registry().find(key.nodeId()).orElseThrow().invalidMessages() == 2);
            assertThat(node.discovery().counters().endpointsDropped.sum()).isEqualTo(2);
            assertThat(node.resources().manager().counters().charges(Fee.BAD_ENDPOINT).sum()).isEqualTo(2);
            assertThat(livecache(node)).containsExactly("10.9.9.9:51235");
        }
    }

    @Test
    void hopCountsAreUnsignedSoTheLargestIsTooFarAwayRatherThanNegative() throws Exception {
        OverlayNode node = engines.start();
        NodeKey key = NodeKey.generate(RANDOM);
        Endpoints gossip = Endpoints.newBuilder()
                .addEntries(entry("10.1.2.3:51235", 0xFFFFFFFF))
                .addEntries(entry("10.1.2.4:51235", 0x80000000))
                .addEntries(entry("10.9.9.9:51235", 1))
                .build();

        try (RawPeerClient raw = gossipingPeer(node, key, gossip)) {

            await().until(() -> livecache(node).contains("10.9.9.9:51235"));
            assertThat(livecache(node)).containsExactly("10.9.9.9:51235");
            assertThat(node.discovery().call(d -> d.livecacheEntries()).join()).allSatisfy(h -> assertThat(h.hops()).isOne());
            assertThat(node.registry().find(key.nodeId()).orElseThrow().invalidMessages()).isEqualTo(2);
        }
    }

    @Test
    void hopZeroEntryWithAnAddressIsDroppedNotRecordedAsTheSendersOwn() throws Exception {
        InMemoryAddressBook addressBook = new InMemoryAddressBook();
        OverlayNode node = engines.start(s -> s.addressBook = addressBook);
        NodeKey key = NodeKey.generate(RANDOM);
        Endpoints gossip = Endpoints.newBuilder()
                .addEntries(entry("10.7.7.7:51235", 0))
                .addEntries(entry("10.9.9.9:51235", 1))
                .build();

        try (RawPeerClient raw = gossipingPeer(node, key, gossip)) {

            await().until(() -> livecache(node).contains("10.9.9.9:51235"));
            assertThat(livecache(node)).doesNotContain("10.7.7.7:51235");
            assertThat(addressBook.page(0, 100)).noneMatch(e -> e.endpoint().toString().equals("10.7.7.7:51235"));
            assertThat(node.registry().find(key.nodeId()).orElseThrow().invalidMessages()).isEqualTo(1);
        }
    }

    /** A raw peer, upgraded as {@code key}, that has sent each of {@code messages} as an ENDPOINTS frame. */
    private static RawPeerClient gossipingPeer(OverlayNode node, NodeKey key, Endpoints... messages)
            throws Exception {
        RawPeerClient raw = RawPeerClient.tls(node.peerPort(), RawPeerClient.identity(key));
        try {
            assertThat(raw.upgrade(key, TestEngines.NETWORK)).isEqualTo(101);
            for (Endpoints message : messages) {
                raw.sendFrame(MessageType.ENDPOINTS.code(), message.toByteArray());
            }
            return raw;
        } catch (Exception | AssertionError e) {
            raw.close();
            throw e;
        }
    }

    private void sendGossip(OverlayNode node, Endpoints... messages) throws Exception {
        NodeKey key = NodeKey.generate(RANDOM);
        try (RawPeerClient raw = gossipingPeer(node, key, messages)) {
            await().until(() -> node.discovery().counters().gossipFloods.sum() == 1);
            assertThat(node.registry().isActive(key.nodeId())).isTrue();
        }
    }

    @Test
    void gossipWithMoreThan64EntriesIsCountedAsFloodingAndDropped() throws Exception {
        OverlayNode node = engines.start(s -> s.gossipInterval = Duration.ofSeconds(30));
        Endpoints.Builder oversized = Endpoints.newBuilder();
        for (int i = 0; i < 65; i++) {
            oversized.addEntries(entry("10.0.0." + (i + 1) + ":51235", 1));
        }

        sendGossip(node, oversized.build());

        assertThat(livecache(node)).isEmpty();
    }

    @Test
    void gossipFasterThanHalfTheIntervalIsCountedAsFlooding() throws Exception {
        OverlayNode node = engines.start(s -> s.gossipInterval = Duration.ofSeconds(30));
        Endpoints first = Endpoints.newBuilder().addEntries(entry("10.0.1.1:51235", 1)).build();
        Endpoints second = Endpoints.newBuilder().addEntries(entry("10.0.1.2:51235", 1)).build();

        sendGossip(node, first, second);

        assertThat(livecache(node)).containsExactly("10.0.1.1:51235");
    }
}
