package dev.overlay.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Admission;
import dev.overlay.peer.Direction;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.NegotiatedProtocol;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.peer.SlotLimits;
import dev.overlay.peer.TestLinks;
import dev.overlay.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Discovery takes events (ticks, gossip, dial outcomes) and returns decisions, on a fake clock. */
class DiscoveryTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final NodeId SELF = new NodeId("5".repeat(64));
    private static final NodeId PEER = new NodeId("a".repeat(64));
    private static final NodeId FIXED_NODE = new NodeId("b".repeat(64));
    private static final Endpoint FIXED = Endpoint.parse("192.0.2.10:51235");
    private static final Endpoint HEARD = Endpoint.parse("192.0.2.20:51235");
    private static final Endpoint FAR = Endpoint.parse("192.0.2.30:51235");
    private static final Duration GOSSIP_INTERVAL = Duration.ofSeconds(5);
    private static final int MAX_GOSSIP_HOPS = 3;

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryAddressBook addressBook = new InMemoryAddressBook();
    private final PeerRegistry registry = new PeerRegistry(SELF, new SlotLimits(10, 0, 10), 10,
            Duration.ofMinutes(1), clock);

    private Discovery discovery(List<Endpoint> fixedPeers) {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4));
        DiscoverySettings settings = new DiscoverySettings(List.of(), fixedPeers, backoff, backoff,
                Duration.ofSeconds(1), GOSSIP_INTERVAL, Duration.ofMinutes(1), 100, MAX_GOSSIP_HOPS, 8, Duration.ZERO);
        return new Discovery(registry, addressBook, settings, endpoint -> false, Set::of, clock,
                new SplittableRandom(1));
    }

    private Peer activePeer(NodeId node, Endpoint listening) {
        Peer peer = registry.register(Direction.INBOUND, listening, TestLinks.NO_LINK);
        peer.identify(node, listening, new NegotiatedProtocol("OVL/1.0", Set.of()), "test/1");
        assertThat(registry.admit(peer).outcome()).isEqualTo(Admission.Outcome.ADMITTED);
        assertThat(registry.activate(peer)).isTrue();
        return peer;
    }

    @Test
    void aTickAsksToDialEachFixedPeerOnce() {
        Discovery discovery = discovery(List.of(FIXED));

        assertThat(discovery.tick().dial()).containsExactly(FIXED);
        assertThat(discovery.tick().dial()).isEmpty();
    }

    @Test
    void aFixedPeersDialOutcomeIsRecordedInTheAddressBook() {
        Discovery discovery = discovery(List.of(FIXED));
        discovery.tick();

        discovery.dialed(FIXED, new DialOutcome.Connected(activePeer(FIXED_NODE, FIXED)));

        assertThat(addressBook.best(1)).singleElement().satisfies(e -> assertThat(e.nodeId()).contains(FIXED_NODE));
        assertThat(discovery.fixedPeerStatus()).singleElement().satisfies(s -> assertThat(s.connected()).isTrue());
    }

    @Test
    void gossipWithinTheHopLimitJoinsTheLivecacheAndDirectEndpointsTheAddressBook() {
        Discovery discovery = discovery(List.of());

        discovery.gossipReceived(PEER, List.of(new HeardEndpoint(HEARD, 0), new HeardEndpoint(FAR, 2),
                new HeardEndpoint(Endpoint.parse("192.0.2.40:51235"), MAX_GOSSIP_HOPS + 1)));

        assertThat(discovery.livecacheEntries()).extracting(HeardEndpoint::endpoint).containsExactly(HEARD, FAR);
        assertThat(addressBook.page(0, 10)).extracting(AddressBookEntry::endpoint).containsExactly(HEARD);
        assertThat(discovery.counters().endpointsDropped.sum()).isOne();
        assertThat(discovery.counters().gossipReceived.sum()).isOne();
    }

    @Test
    void everyActivePeerIsSentGossipOncePerIntervalWithoutItsOwnEndpoint() {
        Discovery discovery = discovery(List.of());
        activePeer(PEER, HEARD);
        discovery.gossipReceived(PEER, List.of(new HeardEndpoint(HEARD, 0), new HeardEndpoint(FAR, 1)));

        assertThat(discovery.tick().gossip()).singleElement().satisfies(g -> {
            assertThat(g.peer()).isEqualTo(PEER);
            assertThat(g.endpoints()).containsExactly(new HeardEndpoint(FAR, 1));
        });
        assertThat(discovery.tick().gossip()).isEmpty();
        clock.advance(GOSSIP_INTERVAL);
        assertThat(discovery.tick().gossip()).hasSize(1);
    }

    @Test
    void aNodeWithAFreeInboundSlotAdvertisesItselfInItsGossip() {
        Discovery discovery = discovery(List.of());
        activePeer(PEER, HEARD);

        assertThat(discovery.tick().gossip()).singleElement()
                .satisfies(g -> assertThat(g.advertiseSelf()).isTrue());
    }

    @Test
    void aNodeWhoseInboundSlotsAreFullGossipsWithoutAdvertisingItself() {
        Discovery discovery = discovery(List.of());
        activePeer(PEER, HEARD);
        registry.setLimits(new SlotLimits(10, 9, 1));

        assertThat(discovery.tick().gossip()).singleElement()
                .satisfies(g -> assertThat(g.advertiseSelf()).isFalse());
    }

    @Test
    void aFullNodeOffersTheLivecacheBeforeItsActivePeers() {
        Discovery discovery = discovery(List.of());
        activePeer(PEER, HEARD);
        discovery.gossipReceived(PEER, List.of(new HeardEndpoint(FAR, 1)));

        discovery.tick();

        assertThat(discovery.alternatives()).containsExactly(FAR, HEARD);
    }
}
