package dev.overlay.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * Reconciliation figures, for one peer or the whole node, by direction: rounds (reconciliation
 * messages) we sent as initiator and answered as responder, sync frame bytes each way, messages we
 * recovered from peers and served to them. Thread-safe (adders written by the sync thread, read anywhere).
 */
public final class SyncPeerStats {

    final LongAdder roundsInitiated = new LongAdder();
    final LongAdder roundsAnswered = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder messagesRecovered = new LongAdder();
    final LongAdder messagesServed = new LongAdder();

    /**
     * A snapshot of the figures.
     *
     * @param roundsInitiated reconciliation messages sent in sessions this node started
     * @param roundsAnswered reconciliation messages of the peer's sessions answered
     * @param bytesIn sync frame bodies received, in bytes
     * @param bytesOut sync frame bodies sent, in bytes
     * @param messagesRecovered messages fetched and delivered here
     * @param messagesServed messages sent to answer fetches
     */
    public record View(long roundsInitiated, long roundsAnswered, long bytesIn, long bytesOut,
                       long messagesRecovered, long messagesServed) {
    }

    public View view() {
        return new View(roundsInitiated.sum(), roundsAnswered.sum(), bytesIn.sum(), bytesOut.sum(),
                messagesRecovered.sum(), messagesServed.sum());
    }
}
