package dev.overlay.engine;

import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Peer;
import dev.overlay.peer.SourceAddress;
import dev.overlay.resource.Ban;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Forwards every notification to all registered listeners. Thread-safe (copy-on-write list). */
public final class ListenerFanOut implements EngineListener {

    private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();

    /** Registers a listener; it is called on event loops and must not block. */
    public void add(EngineListener listener) {
        listeners.add(listener);
    }

    private void each(Consumer<EngineListener> call) {
        listeners.forEach(call);
    }

    @Override
    public void peerActivated(Peer peer) {
        each(l -> l.peerActivated(peer));
    }

    @Override
    public void peerClosed(Peer peer) {
        each(l -> l.peerClosed(peer));
    }

    @Override
    public void handshakeRejected(HandshakeFailure failure, String remoteAddress) {
        each(l -> l.handshakeRejected(failure, remoteAddress));
    }

    @Override
    public void latencyMeasured(Duration roundTrip) {
        each(l -> l.latencyMeasured(roundTrip));
    }

    @Override
    public void banAdded(Ban ban) {
        each(l -> l.banAdded(ban));
    }

    @Override
    public void banLifted(SourceAddress address) {
        each(l -> l.banLifted(address));
    }

    @Override
    public void squelchChanged(NodeId peer, NodeId origin, boolean on) {
        each(l -> l.squelchChanged(peer, origin, on));
    }
}
