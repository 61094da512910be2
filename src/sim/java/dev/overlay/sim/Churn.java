package dev.overlay.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Churn: after bootstrap and warm-up, each minute a share of the nodes leaves (half crash, half shut
 * down gracefully) and as many new nodes join from the seeds, while messages flow. Nodes reconcile
 * their message logs with their peers as the engine does, so a node that missed a message on a
 * connection that broke fetches it from another peer.
 */
final class Churn {

    /** A node counts for a message if it was online from this long before its publication. */
    static final long SETTLED_BEFORE = 10 * Simulation.SECOND;
    /** A node that joined this long before the end should have found its peers. */
    static final long SETTLED_JOIN = 60 * Simulation.SECOND;

    private Churn() {
    }

    static Map<String, Object> run(SimOptions options) {
        String mode = options.defaultMode();
        Simulation sim = new Simulation(options, mode);
        List<SimNode> origins = sim.bootstrapAndWarmUp();

        long start = sim.now();
        long duration = (long) (options.minutes() * 60 * Simulation.SECOND);
        int perMinute = (int) Math.round(options.nodes() * options.churnPercentPerMinute() / 100);
        int minutes = (int) Math.ceil(options.minutes());
        SplittableRandom random = sim.transport.random(30, 0);
        int capacity = sim.transport.nodes().size() + perMinute * minutes;
        double rate = options.messages() / (options.minutes() * 60);
        int first = sim.schedulePublishes(start, options.messages(), rate, origins);
        Deliveries deliveries = new Deliveries(sim.transport, first, options.messages(), capacity);
        sim.transport.onDelivery(deliveries);
        sim.transport.measure(first, first + options.messages());
        int[] left = new int[2];
        for (int minute = 0; minute < minutes; minute++) {
            long minuteStart = start + minute * 60 * Simulation.SECOND;
            for (int i = 0; i < perMinute; i++) {
                boolean graceful = i % 2 == 0;
                sim.transport.at(minuteStart + random.nextLong(60 * Simulation.SECOND), () -> {
                    SimNode leaving = pickLeaving(sim, origins, random);
                    if (leaving != null) {
                        sim.transport.leave(leaving, graceful);
                        left[graceful ? 0 : 1]++;
                    }
                });
                sim.transport.at(minuteStart + random.nextLong(60 * Simulation.SECOND), sim.population::honest);
            }
        }
        sim.transport.runUntil(start + duration + (long) (options.settleSeconds() * Simulation.SECOND));

        long settle = (long) (options.settleSeconds() * Simulation.SECOND);
        Map<String, Object> settled = deliveries.summary((m, v) -> {
            long at = sim.transport.publishedAt(m);
            return v < sim.transport.nodes().size() && !sim.transport.node(v).attacker
                    && sim.transport.node(v).onlineThroughout(at - SETTLED_BEFORE, at + settle);
        });
        Map<String, Object> online = deliveries.summary((m, v) -> {
            long at = sim.transport.publishedAt(m);
            return v < sim.transport.nodes().size() && sim.transport.node(v).onlineThroughout(at, at + settle);
        });
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", mode);
        r.put("nodes", options.nodes());
        r.put("messages", options.messages());
        r.put("churnPercentPerMinute", options.churnPercentPerMinute());
        r.put("left", Map.of("graceful", left[0], "crashed", left[1]));
        r.put("joined", sim.transport.nodes().size() - options.nodes());
        r.put("deliveryRatio", settled.get("deliveryRatio"));
        r.put("deliveryRatioByRelay", settled.get("deliveryRatioByRelay"));
        r.put("deliveryRatioNote", "over nodes online from " + SETTLED_BEFORE / Simulation.SECOND
                + " s before each message until " + options.settleSeconds() + " s after it");
        r.put("deliveryRatioIncludingNewcomers", online.get("deliveryRatio"));
        r.put("latencyMs", settled.get("latencyMs"));
        r.put("hops", settled.get("hops"));
        r.put("recoveredByReconciliation", settled.get("recoveredByReconciliation"));
        r.put("recoveredShare", settled.get("recoveredShare"));
        r.put("recoveredLatencyMs", settled.get("recoveredLatencyMs"));
        r.put("recoveredIncludingNewcomers", online.get("recoveredByReconciliation"));
        r.put("recoveredAllNodes", sim.transport.counters.recovered);
        r.put("syncBytes", sim.transport.counters.syncBytes);
        r.put("outboundTargetMetAtEnd", Stats.round(sim.outboundTargetMet(), 4));
        r.put("connectedAtEnd", sim.connected(i -> true));
        long settledSince = sim.now() - SETTLED_JOIN;
        r.put("settledConnectedAtEnd", sim.connected(i -> sim.transport.node(i).joinedAt <= settledSince));
        r.put("settledConnectedNote", "over nodes online for at least " + SETTLED_JOIN / Simulation.SECOND + " s");
        List<Long> isolated = new ArrayList<>();
        for (SimNode node : sim.transport.nodes()) {
            if (node.online && !node.attacker && node.registry.activeCount() == 0) {
                isolated.add((sim.now() - node.joinedAt) / Simulation.SECOND);
            }
        }
        r.put("isolatedAtEndSecondsOnline", isolated);
        r.put("events", sim.transport.counters.events);
        return r;
    }

    /** A random online honest node that is neither a seed nor an origin. */
    private static SimNode pickLeaving(Simulation sim, List<SimNode> origins, SplittableRandom random) {
        List<SimNode> candidates = new ArrayList<>();
        for (SimNode node : sim.transport.nodes()) {
            if (node.online && !node.attacker && node.index >= 3 && !origins.contains(node)) {
                candidates.add(node);
            }
        }
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }
}
