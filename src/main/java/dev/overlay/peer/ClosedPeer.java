package dev.overlay.peer;

import dev.overlay.identity.NodeId;
import java.time.Instant;
import java.util.Optional;

/** A connection that ended recently, kept so operators can see who left and why. */
public record ClosedPeer(
        long connectionId,
        Optional<NodeId> nodeId,
        Direction direction,
        Endpoint remoteAddress,
        Optional<Instant> activeSince,
        Disconnect disconnect) {

    static ClosedPeer of(Peer peer) {
        return new ClosedPeer(peer.connectionId(), peer.nodeId(), peer.direction(), peer.remoteAddress(),
                peer.activeSince(), peer.disconnect().orElseThrow());
    }
}
