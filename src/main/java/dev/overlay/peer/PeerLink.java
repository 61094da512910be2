package dev.overlay.peer;

import com.google.protobuf.MessageLite;

/**
 * The transport side of a peer, implemented by the engine (and by a simulator's fake links). Calls
 * may come from any thread; the implementation hands them to the connection's event loop.
 */
public interface PeerLink {

    /** Sends a control message (ping, squelch, gossip, load warning); dropped only if the link is closing. */
    void send(MessageLite body);

    /**
     * Offers bulk traffic (a relayed message, or one this node published if {@code originatedHere});
     * false if it was shed because the peer's send queue is over its bound.
     */
    boolean offer(MessageLite body, boolean originatedHere);

    /** Sends {@code Close(reason)} when the link allows it, then closes the connection. */
    void disconnect(DisconnectReason reason, String detail);

    /** Outbound bytes waiting to be sent to this peer; a link without a queue has none. */
    long queuedBytes();
}
