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

    /**
     * Endpoints to send {@code peer} in one {@code Endpoints} message; when {@code advertiseSelf}, the
     * transport puts the sender's own entry first (only the transport knows how it is encoded).
     */
    public record Gossip(NodeId peer, boolean advertiseSelf, List<HeardEndpoint> endpoints) {
    }
}
