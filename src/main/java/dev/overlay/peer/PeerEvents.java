package dev.overlay.peer;

/**
 * What {@link Activation} tells the parts that follow connections (relay, discovery, resource
 * accounting, listeners). Every connection gets at most one {@link #activated} and exactly one
 * {@link #closed}. Called on the connection's event loop (or the simulator's thread) and never under
 * the registry's lock: implementations hand work to their own thread and return at once.
 */
public interface PeerEvents {

    /**
     * An admitted peer is about to become active: whoever sees it active afterwards must find what
     * this did (the relay learns of it here, so a message published once the peer shows active
     * reaches it). It may still fail to activate if it is displaced meanwhile; then only
     * {@link #closed} follows.
     */
    default void activating(Peer peer) {
    }

    /** The peer is active. */
    default void activated(Peer peer) {
    }

    /** The connection ended, whatever state it had reached; {@code peer.disconnect()} holds the reason. */
    default void closed(Peer peer) {
    }
}
