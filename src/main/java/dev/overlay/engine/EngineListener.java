package dev.overlay.engine;

import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Peer;
import dev.overlay.peer.SourceAddress;
import dev.overlay.resource.Ban;
import java.time.Duration;

/**
 * Lifecycle notifications from the engine, for metrics and event streams. Called on event loops, the
 * relay thread or API threads: an implementation must return at once and never block.
 */
public interface EngineListener {

    default void peerActivated(Peer peer) {
    }

    /** A connection ended; {@code peer.disconnect()} holds the reason. */
    default void peerClosed(Peer peer) {
    }

    default void handshakeRejected(HandshakeFailure failure, String remoteAddress) {
    }

    default void latencyMeasured(Duration roundTrip) {
    }

    default void banAdded(Ban ban) {
    }

    default void banLifted(SourceAddress address) {
    }

    /** This node asked {@code peer} to stop ({@code on}) or resume relaying {@code origin}'s messages. */
    default void squelchChanged(NodeId peer, NodeId origin, boolean on) {
    }
}
