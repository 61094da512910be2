package dev.overlay.peer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * How an identified connection becomes a peer and how it ends, in one place for both directions:
 * {@link #admit} claims a slot (self, duplicate and slot rules), {@link #activate} makes the admitted
 * peer active and closes the connection it displaced, {@link #closed} releases it. Subscribers hear
 * {@link PeerEvents} from here and nowhere else, outside the registry's lock.
 *
 * <p>Threading: {@link #admit} and {@link #activate} run on the connection's event loop (one at a
 * time per connection), {@link #closed} once per connection from its close; the registry serialises
 * what must be atomic. Subscribers are a copy-on-write list, added before connections arrive.
 */
public final class Activation {

    private final PeerRegistry registry;
    private final List<PeerEvents> subscribers = new CopyOnWriteArrayList<>();

    public Activation(PeerRegistry registry) {
        this.registry = registry;
    }

    public void subscribe(PeerEvents subscriber) {
        subscribers.add(subscriber);
    }

    /** Claims a slot for an identified peer; a refusal says why. */
    public Admission admit(Peer peer) {
        return registry.admit(peer);
    }

    /**
     * Makes an admitted peer active and closes the older connection it displaced. False if the peer
     * lost its slot meanwhile (closed, or displaced in turn): then the connection it displaced is
     * closed too, since it has lost its slot already and would otherwise stay open uncounted.
     */
    public boolean activate(Peer peer, Admission admission) {
        subscribers.forEach(s -> s.activating(peer));
        if (!registry.activate(peer)) {
            admission.displaced().ifPresent(orphan -> orphan.disconnect(DisconnectReason.DUPLICATE_CONNECTION,
                    "its replacement failed during the handshake"));
            return false;
        }
        subscribers.forEach(s -> s.activated(peer));
        admission.displaced().ifPresent(old -> old.disconnect(DisconnectReason.DUPLICATE_CONNECTION,
                Admission.displacementText(peer, old)));
        return true;
    }

    /** The connection ended: its slot is released and every subscriber hears of it once. */
    public void closed(Peer peer) {
        if (registry.remove(peer)) {
            subscribers.forEach(s -> s.closed(peer));
        }
    }
}
