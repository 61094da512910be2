package dev.overlay.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bootstrap: N nodes join over T from three seeds. Every simulated second after the last join it
 * checks whether the graph of active connections is connected and whether every node has its
 * outbound target, and at the end measures the degrees, the diameter and how the seeds were used.
 */
final class Bootstrap {

    private Bootstrap() {
    }

    static Map<String, Object> run(SimOptions options) {
        Simulation sim = new Simulation(options, options.defaultMode());
        long joinMicros = (long) (options.joinSeconds() * Simulation.SECOND);
        sim.population.join(options.nodes(), joinMicros);
        sim.runFor(options.joinSeconds());
        long lastJoin = sim.now();
        long end = lastJoin + (long) (options.stabilizeSeconds() * Simulation.SECOND);
        Double connectedAt = null;
        Double targetMetAt = null;
        List<Map<String, Object>> timeline = new ArrayList<>();
        while (sim.now() < end && (connectedAt == null || targetMetAt == null)) {
            sim.runFor(1);
            double since = (sim.now() - lastJoin) / 1e6;
            if (connectedAt == null && sim.connected(i -> true)) {
                connectedAt = since;
            }
            double met = sim.outboundTargetMet();
            if (targetMetAt == null && met >= 1.0) {
                targetMetAt = since;
            }
            if (Math.round(since) % 10 == 0) {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("secondsAfterLastJoin", Math.round(since));
                point.put("outboundTargetMet", Stats.round(met, 4));
                timeline.add(point);
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("nodes", options.nodes());
        r.put("joinSeconds", options.joinSeconds());
        r.put("connectedSecondsAfterLastJoin", connectedAt == null ? "not within " + options.stabilizeSeconds() + " s" : connectedAt);
        r.put("outboundTargetMetSecondsAfterLastJoin", targetMetAt == null
                ? "not within " + options.stabilizeSeconds() + " s" : targetMetAt);
        r.put("outboundTargetMet", Stats.round(sim.outboundTargetMet(), 4));
        r.put("degree", sim.degrees());
        r.put("diameter", sim.diameter(i -> true, 32));
        r.put("diameterNote", "largest eccentricity of 32 sampled nodes (a lower bound when N > 32)");
        r.put("dials", sim.transport.counters.dials);
        Map<String, Object> refusals = new LinkedHashMap<>();
        sim.transport.counters.refusals.forEach((failure, count) -> refusals.put(failure.code(), count));
        r.put("refusals", refusals);
        r.put("seeds", seedUsage(sim));
        r.put("timeline", timeline);
        r.put("events", sim.transport.counters.events);
        return r;
    }

    static List<Map<String, Object>> seedUsage(Simulation sim) {
        List<Map<String, Object>> seeds = new ArrayList<>();
        for (int i = 0; i < 3 && i < sim.transport.nodes().size(); i++) {
            SimNode seed = sim.transport.node(i);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("seed", i);
            s.put("slotsUsed", seed.registry.usedSlots());
            s.put("redirects", sim.transport.counters.refusalsByNode.getOrDefault(i, 0L));
            seeds.add(s);
        }
        return seeds;
    }
}
