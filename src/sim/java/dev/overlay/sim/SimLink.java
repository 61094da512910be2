package dev.overlay.sim;

import com.google.protobuf.MessageLite;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerLink;

/**
 * One end of a {@link SimConnection}: what a node's {@link Peer} holds as its transport.
 *
 * <p>Threading: confined to the simulation's single thread.
 */
final class SimLink implements PeerLink {

    final Transport transport;
    final SimConnection connection;
    final int local;
    final int remote;
    Peer peer;

    SimLink(Transport transport, SimConnection connection, int local, int remote) {
        this.transport = transport;
        this.connection = connection;
        this.local = local;
        this.remote = remote;
    }

    SimLink other() {
        return this == connection.dialerSide ? connection.listenerSide : connection.dialerSide;
    }

    @Override
    public void disconnect(DisconnectReason reason, String detail) {
        transport.close(this, reason, detail);
    }

    /** Not used: the simulated nodes' adapters send through {@link Transport}, which carries ids, not frames. */
    @Override
    public void send(MessageLite body) {
        throw new UnsupportedOperationException("simulated frames go through Transport");
    }

    /** Not used, as {@link #send}. */
    @Override
    public boolean offer(MessageLite body, boolean originatedHere) {
        throw new UnsupportedOperationException("simulated frames go through Transport");
    }

    /** Frames queue on the sender's uplink in the link model, not per connection. */
    @Override
    public long queuedBytes() {
        return 0;
    }
}
