package dev.overlay.api;

import dev.overlay.peer.ClosedPeer;
import dev.overlay.peer.Direction;
import dev.overlay.peer.DisconnectOrigin;
import dev.overlay.peer.DisconnectReason;
import java.time.Instant;

/** A recently closed connection and why it ended. */
public record ClosedPeerView(
        String nodeId,
        Direction direction,
        String remoteAddress,
        Instant connectedSince,
        Instant closedAt,
        DisconnectReason reason,
        DisconnectOrigin closedBy,
        String detail) {

    static ClosedPeerView of(ClosedPeer closed) {
        return new ClosedPeerView(
                closed.nodeId().map(Object::toString).orElse(null),
                closed.direction(),
                closed.remoteAddress().toString(),
                closed.activeSince().orElse(null),
                closed.disconnect().at(),
                closed.disconnect().reason(),
                closed.disconnect().origin(),
                closed.disconnect().detail());
    }
}
