package dev.overlay.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Direction;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.NegotiatedProtocol;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DiscoveryAlternativesTest {

    private static final NodeId SELF = new NodeId("5".repeat(64));
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final PeerRegistry registry = new PeerRegistry(SELF, 30, 10, Duration.ofMinutes(10), clock);
    private final Discovery discovery = new Discovery(registry, endpoint -> new CompletableFuture<>(),
            new EmptyAddressBook(), settings(), (peer, heard) -> { }, endpoint -> false, clock, new SplittableRandom(1));

    private static DiscoverySettings settings() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
        return new DiscoverySettings(List.of(), List.of(), backoff, backoff, Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofSeconds(30), 1000, 6, 20);
    }

    private Endpoint activePeer(int n) {
        Endpoint listening = Endpoint.parse("192.0.2." + n + ":51235");
        Peer peer = registry.register(Direction.INBOUND, Endpoint.parse("192.0.2." + n + ":40000"),
                (reason, detail) -> { });
        peer.identify(new NodeId(String.format("%064x", n)), listening, new NegotiatedProtocol("OVL/1.0", Set.of()),
                "test");
        registry.admit(peer);
        registry.activate(peer);
        return listening;
    }

    @Test
    void aRefusedDialerIsOfferedTheActivePeersButNeverItself() {
        Endpoint first = activePeer(1);
        Endpoint requester = activePeer(2);
        Endpoint third = activePeer(3);

        assertThat(discovery.alternativesFor(Optional.of(requester))).containsExactlyInAnyOrder(first, third);
    }

    @Test
    void atMostTheOfferedNumberOfAlternativesIsOffered() {
        for (int n = 1; n <= DiscoverySettings.ALTERNATIVES_OFFERED + 5; n++) {
            activePeer(n);
        }

        assertThat(discovery.alternativesFor(Optional.empty())).hasSize(DiscoverySettings.ALTERNATIVES_OFFERED);
    }

    @Test
    void gossipedEndpointsAreOfferedAfterTheActivePeersOnceDiscoveryTicked() {
        Endpoint peer = activePeer(1);
        Endpoint gossiped = Endpoint.parse("198.51.100.7:51235");
        discovery.gossipReceived(new NodeId(String.format("%064x", 1)), List.of(new HeardEndpoint(gossiped, 1)));
        discovery.tick();

        assertThat(discovery.alternativesFor(Optional.empty())).containsExactly(peer, gossiped);
    }

    /** An address book that never knows anything. */
    private static final class EmptyAddressBook implements AddressBook {
        @Override
        public void heard(Endpoint endpoint, Instant at) {
        }

        @Override
        public void succeeded(Endpoint endpoint, NodeId nodeId, Instant at) {
        }

        @Override
        public void failed(Endpoint endpoint, Instant at) {
        }

        @Override
        public List<AddressBookEntry> best(int limit) {
            return List.of();
        }

        @Override
        public List<AddressBookEntry> page(int offset, int limit) {
            return List.of();
        }

        @Override
        public int size() {
            return 0;
        }
    }
}
