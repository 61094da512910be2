package dev.overlay.engine;

import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.peer.Peer;
import java.time.Duration;

/**
 * Lifecycle notifications from the engine, for metrics and event streams. Called on event loops: an
 * implementation must return at once and never block.
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
}
