package dev.overlay.bench;

import java.util.stream.LongStream;

/**
 * How messages travelled: each node's first copy came from one neighbour, so a message's first
 * copies form a tree rooted at its origin. Propagation latency is the hops to the last node times
 * the delay per hop; this splits the two, so a slower relay mode shows whether its paths are longer
 * (which sources it keeps) or its hops slower (how its links behave).
 *
 * @param meanHopsToLast hops from the origin to the node the message reached last, averaged
 * @param maxHopsToLast the most hops any message took to its last node
 * @param hopDelay time from a node's delivery to its child's, over every edge of every tree
 * @param hopDelayToLast the same over the edges on the path to the last node only
 */
record DeliveryPaths(double meanHopsToLast, int maxHopsToLast, Latencies hopDelay, Latencies hopDelayToLast) {

    /** Paths of messages {@code first} to {@code first + count - 1} that reached every node. */
    static DeliveryPaths of(DeliveryLog log, int first, int count) {
        int nodes = log.nodes();
        LongStream.Builder delays = LongStream.builder();
        LongStream.Builder delaysToLast = LongStream.builder();
        long hopsSum = 0;
        int maxHops = 0;
        int complete = 0;
        for (int index = first; index < first + count; index++) {
            if (log.propagationNanos(index) < 0) {
                continue;
            }
            int origin = log.originOf(index);
            int last = -1;
            for (int node = 0; node < nodes; node++) {
                if (node == origin) {
                    continue;
                }
                delays.add(hopDelay(log, index, node, origin));
                if (last < 0 || log.arrivedAtNanos(index, node) > log.arrivedAtNanos(index, last)) {
                    last = node;
                }
            }
            int hops = 0;
            for (int node = last; node != origin && hops < nodes; node = log.arrivedFrom(index, node)) {
                delaysToLast.add(hopDelay(log, index, node, origin));
                hops++;
            }
            hopsSum += hops;
            maxHops = Math.max(maxHops, hops);
            complete++;
        }
        return new DeliveryPaths(complete == 0 ? 0 : (double) hopsSum / complete, maxHops,
                Latencies.of(delays.build().toArray()), Latencies.of(delaysToLast.build().toArray()));
    }

    /** From the parent's delivery to {@code node}'s; the origin counts from when it published. */
    private static long hopDelay(DeliveryLog log, int index, int node, int origin) {
        int parent = log.arrivedFrom(index, node);
        long parentAt = parent == origin ? log.publishedAtNanos(index) : log.arrivedAtNanos(index, parent);
        return log.arrivedAtNanos(index, node) - parentAt;
    }
}
