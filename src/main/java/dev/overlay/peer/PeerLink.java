package dev.overlay.peer;

/**
 * The transport side of a peer, implemented by the engine. Calls may come from any thread; the
 * implementation hands them to the connection's event loop.
 */
public interface PeerLink {

    /** Sends {@code Close(reason)} when the channel allows it, then closes the connection. */
    void disconnect(DisconnectReason reason, String detail);

    /** Outbound bytes waiting to be sent to this peer; a link without a queue has none. */
    default long queuedBytes() {
        return 0;
    }
}
