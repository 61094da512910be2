package dev.overlay.discovery;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import java.time.Instant;
import java.util.List;

/**
 * The durable address book ("bootcache"): endpoints this node has heard of or connected to, scored
 * by connection success, kept across restarts so a node can rejoin without its bootstrap list.
 *
 * <p>Implementations do blocking I/O: call them only from the discovery thread or an API thread,
 * never from an event loop.
 */
public interface AddressBook {

    /** Records that {@code endpoint} was heard of (gossip, redirect, configuration); adds it if new. */
    void heard(Endpoint endpoint, Instant at);

    /** Records a successful connection: resets consecutive failures, raises the score. */
    void succeeded(Endpoint endpoint, NodeId nodeId, Instant at);

    /** Records a failed connection attempt: counts a consecutive failure, lowers the score. */
    void failed(Endpoint endpoint, Instant at);

    /** Up to {@code limit} entries, highest score first (then most recent success). */
    List<AddressBookEntry> best(int limit);

    /** A page of all entries, highest score first. */
    List<AddressBookEntry> page(int offset, int limit);

    int size();
}
