package dev.overlay.relay;

import dev.overlay.identity.NodeId;
import java.time.Instant;
import java.util.Optional;

/**
 * A message delivered to this node, with when it arrived and from which peer (empty for messages
 * this node published itself). The relay delivers it with {@code receivedAt} to the millisecond, the
 * precision the message log stores, so a message shows the same time live and after a restart.
 */
public record ReceivedMessage(SignedMessage message, Instant receivedAt, Optional<NodeId> fromPeer) {
}
