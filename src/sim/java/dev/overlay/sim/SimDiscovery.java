package dev.overlay.sim;

import dev.overlay.discovery.AddressBook;
import dev.overlay.discovery.Dialer;
import dev.overlay.discovery.Discovery;
import dev.overlay.discovery.DiscoverySettings;
import dev.overlay.discovery.GossipOutput;
import dev.overlay.discovery.HeardEndpoint;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.SourceAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * The adapter between one node's core {@link Discovery} and the simulated transport: what the
 * engine's {@code DiscoveryBridge} does, without threads. Kept thin so a change of discovery's
 * interface changes this class only.
 *
 * <p>Threading: confined to the simulation's single thread.
 */
final class SimDiscovery implements Dialer, GossipOutput {

    private final Transport transport;
    private final SimNode node;
    private final Discovery discovery;

    SimDiscovery(Transport transport, SimNode node, DiscoverySettings settings, AddressBook addressBook,
                 RandomGenerator random) {
        this.transport = transport;
        this.node = node;
        this.discovery = new Discovery(node.registry, this, addressBook, settings, this,
                endpoint -> node.resources.isBanned(SourceAddress.parse(endpoint.host())), transport.clock(), random);
        discovery.ownEndpoint(node.endpoint);
    }

    Discovery discovery() {
        return discovery;
    }

    void tick() {
        discovery.tick();
    }

    void gossipArrived(NodeId from, List<HeardEndpoint> heard) {
        discovery.gossipReceived(from, heard);
    }

    List<Endpoint> alternativesFor(Peer requester) {
        return discovery.alternativesFor(requester.listeningEndpoint());
    }

    @Override
    public CompletableFuture<Peer> connect(Endpoint endpoint) {
        return transport.dial(node, endpoint);
    }

    @Override
    public void sendEndpoints(NodeId peer, List<HeardEndpoint> heard) {
        transport.sendGossip(node, peer, heard);
    }

}
