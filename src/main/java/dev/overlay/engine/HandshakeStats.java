package dev.overlay.engine;

import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerEvents;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Handshakes since start: how many ended in an active peer (counted from {@link PeerEvents}), and how
 * many failed, by reason (counted by the handshake handlers, which also tell the listeners).
 *
 * <p>Threading: each counter has one writer path; adders make them safe to bump from any event loop
 * and to read from any thread.
 */
public final class HandshakeStats implements PeerEvents {

    private final Map<HandshakeFailure, LongAdder> failures = new EnumMap<>(HandshakeFailure.class);
    private final LongAdder accepted = new LongAdder();
    private final EngineListener listeners;

    HandshakeStats(EngineListener listeners) {
        this.listeners = listeners;
        for (HandshakeFailure failure : HandshakeFailure.values()) {
            failures.put(failure, new LongAdder());
        }
    }

    @Override
    public void activated(Peer peer) {
        accepted.increment();
    }

    void failed(HandshakeFailure failure, String remoteAddress) {
        failures.get(failure).increment();
        listeners.handshakeRejected(failure, remoteAddress);
    }

    /** Handshakes that ended in an active peer, since start. */
    public long accepted() {
        return accepted.sum();
    }

    /** How many handshakes failed, by reason, since start. */
    public Map<HandshakeFailure, Long> failureCounts() {
        Map<HandshakeFailure, Long> counts = new EnumMap<>(HandshakeFailure.class);
        failures.forEach((failure, adder) -> counts.put(failure, adder.sum()));
        return counts;
    }
}
