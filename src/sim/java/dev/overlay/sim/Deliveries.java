package dev.overlay.sim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Who received which measured message when, and over how many hops or by reconciliation: one int and
 * one byte per (message, node), filled by the transport's delivery callbacks.
 *
 * <p>Threading: confined to the simulation's single thread.
 */
final class Deliveries implements Transport.DeliveryListener {

    /** The hops recorded for a message first delivered by reconciliation rather than by relay. */
    private static final byte RECOVERED = -1;

    private final Transport transport;
    private final int first;
    private final int count;
    private final int nodes;
    private final int[] delay;
    private final byte[] hops;

    /** Records messages with indexes [first, first + count) at nodes numbered below {@code nodes}. */
    Deliveries(Transport transport, int first, int count, int nodes) {
        this.transport = transport;
        this.first = first;
        this.count = count;
        this.nodes = nodes;
        this.delay = new int[count * nodes];
        this.hops = new byte[count * nodes];
        Arrays.fill(delay, -1);
    }

    @Override
    public void delivered(int node, int message, int hopCount, long atMicros) {
        int m = message - first;
        if (m < 0 || m >= count || node >= nodes) {
            return;
        }
        delay[m * nodes + node] = (int) Math.min(Integer.MAX_VALUE, atMicros - transport.publishedAt(message));
        hops[m * nodes + node] = (byte) Math.min(127, hopCount);
    }

    @Override
    public void recovered(int node, int message, long atMicros) {
        delivered(node, message, 0, atMicros);
        int m = message - first;
        if (m >= 0 && m < count && node < nodes) {
            hops[m * nodes + node] = RECOVERED;
        }
    }

    /**
     * Of the deliveries {@code expected} accepts that arrived at or after {@code atMicros}, how many
     * came by relay and how many by reconciliation.
     */
    Map<String, Object> arrivedAfter(BiPredicate<Integer, Integer> expected, long atMicros) {
        long byRelay = 0;
        long recovered = 0;
        for (int m = 0; m < count; m++) {
            long published = transport.publishedAt(first + m);
            for (int v = 0; v < nodes; v++) {
                int d = delay[m * nodes + v];
                if (d >= 0 && published + d >= atMicros && expected.test(first + m, v)) {
                    if (hops[m * nodes + v] == RECOVERED) {
                        recovered++;
                    } else {
                        byRelay++;
                    }
                }
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("byRelay", byRelay);
        s.put("byReconciliation", recovered);
        return s;
    }

    /**
     * Delivery figures over the (message, node) pairs {@code expected} accepts (never the origin):
     * ratio (counting deliveries by relay and by reconciliation), how many came by reconciliation and
     * their share, and over deliveries by relay the per-delivery latency and hops and per message the
     * latency and hops to its last node.
     */
    Map<String, Object> summary(BiPredicate<Integer, Integer> expected) {
        long wanted = 0;
        long got = 0;
        long recovered = 0;
        double[] recoveredLatency = new double[count * nodes];
        double[] all = new double[count * nodes];
        double[] allHops = new double[count * nodes];
        int n = 0;
        double[] lastLatency = new double[count];
        double[] lastHops = new double[count];
        for (int m = 0; m < count; m++) {
            int origin = transport.node(transport.origin(first + m)).orElseThrow().index;
            int last = -1;
            for (int v = 0; v < nodes; v++) {
                if (v == origin || !expected.test(first + m, v)) {
                    continue;
                }
                wanted++;
                int d = delay[m * nodes + v];
                if (d >= 0 && hops[m * nodes + v] == RECOVERED) {
                    got++;
                    recoveredLatency[(int) recovered++] = d / 1000.0;
                } else if (d >= 0) {
                    got++;
                    all[n] = d / 1000.0;
                    allHops[n++] = hops[m * nodes + v];
                    if (last < 0 || d > delay[m * nodes + last]) {
                        last = v;
                    }
                }
            }
            lastLatency[m] = last < 0 ? 0 : delay[m * nodes + last] / 1000.0;
            lastHops[m] = last < 0 ? 0 : hops[m * nodes + last];
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("expectedDeliveries", wanted);
        s.put("deliveries", got);
        s.put("deliveryRatio", wanted == 0 ? 0 : Stats.round((double) got / wanted, 6));
        s.put("deliveryRatioByRelay", wanted == 0 ? 0 : Stats.round((double) (got - recovered) / wanted, 6));
        s.put("recoveredByReconciliation", recovered);
        s.put("recoveredShare", got == 0 ? 0 : Stats.round((double) recovered / got, 6));
        s.put("recoveredLatencyMs", Stats.summary(Arrays.copyOf(recoveredLatency, (int) recovered), 1));
        s.put("latencyMs", Stats.summary(lastLatency, 1));
        s.put("deliveryLatencyMs", Stats.summary(Arrays.copyOf(all, n), 1));
        s.put("hops", Stats.summary(Arrays.copyOf(allHops, n), 0));
        s.put("hopsToLastNode", Stats.round(Stats.mean(lastHops), 2));
        return s;
    }

    long deliveries() {
        long got = 0;
        for (int d : delay) {
            if (d >= 0) {
                got++;
            }
        }
        return got;
    }
}
