package dev.overlay.relay;

import dev.overlay.identity.NodeId;
import java.time.Duration;
import java.util.List;

/**
 * What the relay asks the transport to do. Implemented by the engine; called on the relay thread,
 * so implementations hand the work to the peers' event loops and return at once.
 */
public interface RelayOutput {

    /** Sends {@code message} with hop count {@code hops} to each of {@code peers}. */
    void publish(List<NodeId> peers, SignedMessage message, int hops);

    /** Asks {@code peer} to stop relaying {@code origin}'s messages to us for {@code duration}. */
    void squelch(NodeId peer, NodeId origin, Duration duration);

    /** Asks {@code peer} to resume relaying {@code origin}'s messages to us. */
    void unsquelch(NodeId peer, NodeId origin);
}
