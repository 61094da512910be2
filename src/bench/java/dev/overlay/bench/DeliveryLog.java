package dev.overlay.bench;

import dev.overlay.identity.NodeId;
import dev.overlay.relay.MessageListener;
import dev.overlay.relay.ReceivedMessage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * When each bench message was published, when it reached each node and from which neighbour. Messages
 * carry their index in the first 8 payload bytes, so recording an arrival is an array update, cheap
 * enough to run inside the relay threads' delivery callbacks. The neighbours a message came through
 * form its delivery tree, from which {@link DeliveryPaths} tells hop counts from per-hop delays.
 *
 * <p>Threading: {@link #nodeStarted} is called by the bench's main thread before any message flows;
 * {@link #published} by the publisher thread before the message is handed to its origin; each node's
 * listener runs on that node's relay thread and touches only atomics, the node index map (read only
 * once messages flow) and its own node's {@link BitSet}, which no other thread reads.
 */
final class DeliveryLog {

    private final int nodes;
    private final int receivers;
    private final Map<NodeId, Integer> nodeIndex = new ConcurrentHashMap<>();
    /** Per (message, node): when the node delivered it, and the node it came from (-1: none yet). */
    private final AtomicLongArray arrivedAt;
    private final AtomicIntegerArray arrivedFrom;
    private final AtomicLongArray publishedAt;
    private final AtomicLongArray lastArrival;
    private final AtomicIntegerArray origins;
    private final AtomicIntegerArray arrivals;
    private final CountDownLatch[] phases;
    private final int[] phaseStart;
    private final LongAdder duplicateDeliveries = new LongAdder();

    /**
     * @param nodes nodes in the network; every message must reach all but its origin
     * @param phaseSizes messages in each phase (warm-up, measured), in publishing order
     */
    DeliveryLog(int nodes, int... phaseSizes) {
        this.nodes = nodes;
        this.receivers = nodes - 1;
        int total = 0;
        phases = new CountDownLatch[phaseSizes.length];
        phaseStart = new int[phaseSizes.length + 1];
        for (int p = 0; p < phaseSizes.length; p++) {
            phaseStart[p] = total;
            phases[p] = new CountDownLatch(phaseSizes[p]);
            total += phaseSizes[p];
        }
        phaseStart[phaseSizes.length] = total;
        publishedAt = new AtomicLongArray(total);
        lastArrival = new AtomicLongArray(total);
        origins = new AtomicIntegerArray(total);
        arrivals = new AtomicIntegerArray(total);
        arrivedAt = new AtomicLongArray(total * nodes);
        arrivedFrom = new AtomicIntegerArray(total * nodes);
    }

    /** A payload of {@code size} bytes carrying message index {@code index}. */
    static byte[] payload(long index, int size) {
        byte[] payload = new byte[size];
        ByteBuffer.wrap(payload).putLong(index);
        return payload;
    }

    /** Records that message {@code index} is about to be published by node {@code origin}. */
    void published(int index, int origin) {
        origins.set(index, origin);
        publishedAt.set(index, System.nanoTime());
    }

    /** Node {@code node} of the network has id {@code id}. */
    void nodeStarted(int node, NodeId id) {
        nodeIndex.put(id, node);
    }

    /** The listener that records arrivals at node {@code node}. */
    MessageListener listenerFor(int node) {
        BitSet seen = new BitSet();
        return received -> arrived(node, received, seen);
    }

    private void arrived(int node, ReceivedMessage received, BitSet seen) {
        long now = System.nanoTime();
        ByteBuffer payload = received.message().payloadBuffer();
        int index = (int) payload.getLong(payload.position());
        if (index < 0 || index >= arrivals.length()) {
            return;
        }
        if (seen.get(index)) {
            duplicateDeliveries.increment();
            return;
        }
        seen.set(index);
        if (origins.get(index) == node) {
            return;
        }
        int slot = index * nodes + node;
        arrivedAt.set(slot, now);
        arrivedFrom.set(slot, received.fromPeer().map(nodeIndex::get).orElse(-1));
        lastArrival.accumulateAndGet(index, now, Math::max);
        if (arrivals.incrementAndGet(index) == receivers) {
            phases[phaseOf(index)].countDown();
        }
    }

    private int phaseOf(int index) {
        int p = 0;
        while (index >= phaseStart[p + 1]) {
            p++;
        }
        return p;
    }

    int firstIndexOf(int phase) {
        return phaseStart[phase];
    }

    int sizeOf(int phase) {
        return phaseStart[phase + 1] - phaseStart[phase];
    }

    /** Waits until every message of {@code phase} reached every node, at most {@code timeout}. */
    boolean awaitPhase(int phase, Duration timeout) throws InterruptedException {
        return phases[phase].await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Nodes other than its origin that message {@code index} reached. */
    int arrivals(int index) {
        return arrivals.get(index);
    }

    int receivers() {
        return receivers;
    }

    /** Publish to last arrival, for a message that reached every node; -1 otherwise. */
    long propagationNanos(int index) {
        return arrivals.get(index) == receivers ? lastArrival.get(index) - publishedAt.get(index) : -1;
    }

    int originOf(int index) {
        return origins.get(index);
    }

    int nodes() {
        return nodes;
    }

    /** When {@code node} delivered message {@code index}. */
    long arrivedAtNanos(int index, int node) {
        return arrivedAt.get(index * nodes + node);
    }

    /** The neighbour {@code node} first got message {@code index} from. */
    int arrivedFrom(int index, int node) {
        return arrivedFrom.get(index * nodes + node);
    }

    long publishedAtNanos(int index) {
        return publishedAt.get(index);
    }

    long lastArrivalNanos(int index) {
        return lastArrival.get(index);
    }

    /** Messages a node delivered to its application more than once (must stay 0). */
    long duplicateDeliveries() {
        return duplicateDeliveries.sum();
    }
}
