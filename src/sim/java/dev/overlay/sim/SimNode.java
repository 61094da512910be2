package dev.overlay.sim;

import dev.overlay.identity.NodeId;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Activation;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.peer.PeerState;
import dev.overlay.peer.SourceAddress;
import dev.overlay.resource.ResourceManager;
import dev.overlay.sync.MessageLog;
import java.util.Optional;

/**
 * One simulated node: its identity and address, and its unchanged core parts (registry, relay,
 * discovery, resource accounting) behind their adapters. Nodes are numbered; the number is what
 * events carry.
 *
 * <p>Threading: confined to the simulation's single thread.
 */
final class SimNode {

    final int index;
    final NodeKey key;
    final NodeId id;
    final Endpoint endpoint;
    final SourceAddress source;
    final int region;
    final boolean attacker;
    final long joinedAt;
    final PeerRegistry registry;
    final Activation activation;
    final ResourceManager resources;
    SimRelay relay;
    SimDiscovery discovery;
    /** Every message the node published or delivered within the retention window, as the engine keeps it. */
    MessageLog log;
    SimSync sync;
    boolean online = true;
    long leftAt = Long.MAX_VALUE;
    long publishedSequence;

    SimNode(int index, NodeKey key, Endpoint endpoint, int region, boolean attacker, long joinedAt,
            PeerRegistry registry, ResourceManager resources) {
        this.index = index;
        this.key = key;
        this.id = key.nodeId();
        this.endpoint = endpoint;
        this.source = SourceAddress.parse(endpoint.host());
        this.region = region;
        this.attacker = attacker;
        this.joinedAt = joinedAt;
        this.registry = registry;
        this.activation = new Activation(registry);
        this.resources = resources;
    }

    /**
     * The node at the other end of a closed connection, if this node is online and has no other active
     * connection to it: when the relay and reconciliation forget a peer, as in the engine.
     */
    Optional<NodeId> departed(Peer peer) {
        if (!online) {
            return Optional.empty();
        }
        return peer.nodeId().filter(id -> registry.find(id).filter(p -> p.state() == PeerState.ACTIVE).isEmpty());
    }

    /** Whether the node was online during the whole of [from, to]. */
    boolean onlineThroughout(long from, long to) {
        return joinedAt <= from && leftAt > to;
    }
}
