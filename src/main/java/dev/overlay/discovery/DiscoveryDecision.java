package dev.overlay.discovery;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import java.util.List;

/**
 * What one discovery tick decided, for the transport (or a simulator) to carry out: endpoints to
 * dial (each outcome comes back through {@link Discovery#dialed}), gossip to send, and peers to close
 * (outbound rotation, with {@link dev.overlay.peer.DisconnectReason#ROTATED}).
 */
public record DiscoveryDecision(List<Endpoint> dial, List<Gossip> gossip, List<NodeId> close) {

    public DiscoveryDecision {
        dial = List.copyOf(dial);
        gossip = List.copyOf(gossip);
        close = List.copyOf(close);
    }

    /**
     * Endpoints to send {@code peer} in one {@code Endpoints} message; when {@code advertiseSelf}, the
     * transport puts the sender's own entry first (only the transport knows how it is encoded).
     */
    public record Gossip(NodeId peer, boolean advertiseSelf, List<HeardEndpoint> endpoints) {
    }
}
