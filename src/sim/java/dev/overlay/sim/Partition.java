package dev.overlay.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.IntBinaryOperator;

/**
 * Partition and heal: after bootstrap and warm-up the network splits in two (the Americas against
 * the rest, or by node number with one region): connections across the cut are reset and dials across
 * it fail. Messages flow from origins on both sides. After the partition the cut is lifted and the
 * scenario measures how long the graph takes to be connected again, then runs a recovery window of
 * {@value #RECOVERY_INTERVALS} sync intervals, in which the nodes' reconciliation fetches what the
 * other side published during the cut.
 */
final class Partition {

    static final int RECOVERY_INTERVALS = 3;

    private Partition() {
    }

    static Map<String, Object> run(SimOptions options) {
        String mode = options.defaultMode();
        Simulation sim = new Simulation(options, mode);
        List<SimNode> origins = sim.bootstrapAndWarmUp();

        int[] side = new int[sim.transport.nodes().size()];
        for (SimNode node : sim.transport.nodes()) {
            side[node.index] = options.regions() >= 2 ? (node.region < 2 ? 0 : 1) : node.index % 2;
        }
        IntBinaryOperator across = (a, b) -> a < side.length && b < side.length && side[a] != side[b] ? 1 : 0;
        long split = sim.now();
        sim.transport.cut(across);
        sim.transport.block(across);
        double partitionSeconds = options.partitionSeconds();
        int during = Math.max(1, (int) Math.round(options.rate() * partitionSeconds / 10));
        double rate = during / partitionSeconds;
        int first = sim.schedulePublishes(split, during, rate, origins);
        int nodes = sim.transport.nodes().size();
        Deliveries deliveries = new Deliveries(sim.transport, first, during, nodes);
        sim.transport.onDelivery(deliveries);
        sim.runFor(partitionSeconds);
        sim.transport.block((a, b) -> 0);
        long heal = sim.now();
        long limit = heal + (long) (options.minutes() * 60 * Simulation.SECOND);
        Double reconnected = null;
        while (sim.now() < limit) {
            sim.runFor(1);
            if (sim.connected(i -> true)) {
                reconnected = (sim.now() - heal) / 1e6;
                break;
            }
        }
        double recoverySeconds = RECOVERY_INTERVALS * sim.transport.settings().sync().interval().toMillis() / 1000.0;
        if (reconnected != null) {
            sim.runFor(recoverySeconds);
        }
        int crossLinks = 0;
        int[][] adjacency = sim.adjacency(i -> true);
        for (SimNode node : sim.transport.nodes()) {
            for (int peer : adjacency[node.index]) {
                if (side[node.index] != side[peer]) {
                    crossLinks++;
                }
            }
        }
        Map<String, Object> sameSide = deliveries.summary((m, v) ->
                side[v] == side[sim.transport.node(sim.transport.origin(m)).orElseThrow().index]);
        BiPredicate<Integer, Integer> acrossTheCut = (m, v) ->
                side[v] != side[sim.transport.node(sim.transport.origin(m)).orElseThrow().index];
        Map<String, Object> otherSide = deliveries.summary(acrossTheCut);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", mode);
        r.put("nodes", options.nodes());
        r.put("sides", Map.of("a", count(side, 0), "b", count(side, 1)));
        r.put("partitionSeconds", partitionSeconds);
        r.put("messagesDuringPartition", during);
        r.put("deliveryRatioSameSide", sameSide.get("deliveryRatio"));
        r.put("deliveryRatioOtherSide", otherSide.get("deliveryRatio"));
        r.put("deliveryRatioOtherSideByRelay", otherSide.get("deliveryRatioByRelay"));
        r.put("reconnectedSecondsAfterHeal", reconnected == null
                ? "not within " + options.minutes() + " min" : reconnected);
        r.put("linksAcrossAtEnd", crossLinks / 2);
        r.put("recoveryWindowSeconds", reconnected == null ? 0 : recoverySeconds);
        r.put("otherSideAfterHeal", deliveries.arrivedAfter(acrossTheCut, heal));
        r.put("recoveredByReconciliation", otherSide.get("recoveredByReconciliation"));
        r.put("recoveredSameSide", sameSide.get("recoveredByReconciliation"));
        r.put("recoveredShareOtherSide", otherSide.get("recoveredShare"));
        r.put("recoveredLatencyMsOtherSide", otherSide.get("recoveredLatencyMs"));
        r.put("recoveredAllNodes", sim.transport.counters.recovered);
        r.put("syncBytes", sim.transport.counters.syncBytes);
        r.put("events", sim.transport.counters.events);
        return r;
    }

    private static int count(int[] side, int which) {
        int n = 0;
        for (int s : side) {
            if (s == which) {
                n++;
            }
        }
        return n;
    }
}
