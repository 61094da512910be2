package dev.overlay.sim;

import dev.overlay.discovery.AddressBook;
import dev.overlay.discovery.Discovery;
import dev.overlay.discovery.DiscoveryDecision;
import dev.overlay.discovery.DiscoverySettings;
import dev.overlay.discovery.HeardEndpoint;
import dev.overlay.discovery.Redirects;
import dev.overlay.engine.DiscoveryBridge;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.SourceAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The adapter between one node's core {@link Discovery} and the simulated transport: what the
 * engine's {@code DiscoveryBridge} does, without threads: carries out each tick's
 * {@link DiscoveryDecision} (dials, gossip) and reports every dial's outcome back, in the engine's
 * terms ({@link DiscoveryBridge#outcomeOf}). Kept thin so a change of discovery's interface changes
 * this class only.
 *
 * <p>Threading: confined to the simulation's single thread.
 */
final class SimDiscovery {

    private final Transport transport;
    private final SimNode node;
    private final Discovery discovery;

    SimDiscovery(Transport transport, SimNode node, DiscoverySettings settings, AddressBook addressBook,
                 RandomGenerator random) {
        this.transport = transport;
        this.node = node;
        this.discovery = new Discovery(node.registry, addressBook, settings,
                endpoint -> node.resources.isBanned(SourceAddress.parse(endpoint.host())),
                () -> node.relay == null ? Set.of() : node.relay.relay().selectedSources(), transport.clock(), random);
        discovery.ownEndpoint(node.endpoint);
    }

    Discovery discovery() {
        return discovery;
    }

    void tick() {
        DiscoveryDecision decision = discovery.tick();
        for (NodeId close : decision.close()) {
            node.registry.find(close).ifPresent(peer ->
                    transport.close((SimLink) peer.link(), DisconnectReason.ROTATED, "outbound rotation"));
        }
        for (Endpoint endpoint : decision.dial()) {
            transport.dial(node, endpoint).whenComplete((peer, error) -> {
                if (node.online) {
                    discovery.dialed(endpoint, DiscoveryBridge.outcomeOf(peer, error));
                }
            });
        }
        for (DiscoveryDecision.Gossip gossip : decision.gossip()) {
            transport.sendGossip(node, gossip.peer(), gossip.advertiseSelf(), gossip.endpoints());
        }
    }

    void gossipArrived(NodeId from, List<HeardEndpoint> heard) {
        discovery.gossipReceived(from, heard);
    }

    /** What this node offers a dialer it refuses for want of slots, as the engine's handshake does. */
    List<Endpoint> alternativesFor(Peer requester) {
        List<Endpoint> active = new ArrayList<>();
        node.registry.active().forEach(p -> p.listeningEndpoint().ifPresent(active::add));
        return Redirects.offer(requester.listeningEndpoint(), discovery.alternatives(), active);
    }

}
