package dev.overlay.relay;

import dev.overlay.identity.NodeId;
import java.time.Instant;
import java.util.Optional;

/**
 * A message delivered to this node, with when it arrived and from which peer (empty for messages
 * this node published itself).
 */
public record ReceivedMessage(SignedMessage message, Instant receivedAt, Optional<NodeId> fromPeer) {
}
