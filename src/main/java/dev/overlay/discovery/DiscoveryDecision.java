package dev.overlay.discovery;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import java.util.List;

/**
 * What one discovery tick decided, for the transport (or a simulator) to carry out: endpoints to
 * dial (each outcome comes back through {@link Discovery#dialed}), and gossip to send.
 */
public record DiscoveryDecision(List<Endpoint> dial, List<Gossip> gossip) {

    public DiscoveryDecision {
        dial = List.copyOf(dial);
        gossip = List.copyOf(gossip);
    }

    /** Endpoints to send {@code peer} in one {@code Endpoints} message (its own is added by the transport). */
    public record Gossip(NodeId peer, List<HeardEndpoint> endpoints) {
    }
}
