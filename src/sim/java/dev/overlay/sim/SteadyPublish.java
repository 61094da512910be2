package dev.overlay.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Steady publish: the nodes join through discovery from three seeds, then each relay mode in turn
 * (a fresh relay on every node, same connections) relays warm-up and measured messages from K origins.
 */
final class SteadyPublish {

    private SteadyPublish() {
    }

    static Map<String, Object> run(SimOptions options) {
        Simulation sim = new Simulation(options, options.modes().get(0));
        long wallStart = System.nanoTime();
        sim.population.join(options.nodes(), (long) (options.joinSeconds() * Simulation.SECOND));
        sim.runReporting(options.joinSeconds() + options.stabilizeSeconds(), "bootstrap");
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("outboundTargetMet", Stats.round(sim.outboundTargetMet(), 4));
        network.put("connected", sim.connected(i -> true));
        network.put("degree", sim.degrees());
        network.put("bootstrapEvents", sim.transport.counters.events);
        network.put("bootstrapWallSeconds", Stats.round((System.nanoTime() - wallStart) / 1e9, 1));
        List<Map<String, Object>> modes = new ArrayList<>();
        for (String mode : options.modes()) {
            modes.add(runMode(sim, options, mode));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("network", network);
        result.put("modes", modes);
        return result;
    }

    static Map<String, Object> runMode(Simulation sim, SimOptions options, String mode) {
        long wallStart = System.nanoTime();
        long eventsBefore = sim.transport.counters.events;
        sim.relayMode(mode);
        sim.runFor(1);
        List<SimNode> origins = sim.origins(options.origins());
        int warmup = options.warmupPerOrigin() * options.origins();
        long start = sim.now();
        int first = sim.schedulePublishes(start, warmup + options.messages(), options.rate(), origins) + warmup;
        int nodes = sim.transport.nodes().size();
        Deliveries deliveries = new Deliveries(sim.transport, first, options.messages(), nodes);
        sim.transport.onDelivery(deliveries);
        sim.transport.measure(first, first + options.messages());
        long copiesBefore = sim.transport.counters.measuredCopies;
        long measuredStart = start + (long) (warmup * Simulation.SECOND / options.rate());
        sim.transport.runUntil(measuredStart - 1);
        long bytesBefore = sim.transport.counters.bytes;
        long lastPublish = start + (long) ((warmup + options.messages() - 1) * Simulation.SECOND / options.rate());
        sim.transport.runUntil(lastPublish + (long) (options.settleSeconds() * Simulation.SECOND));
        long bytes = sim.transport.counters.bytes - bytesBefore;
        Map<String, Object> summary = deliveries.summary((m, v) -> sim.transport.node(v).online
                && !sim.transport.node(v).attacker);
        long delivered = (long) summary.get("deliveries");
        long receivers = sim.onlineHonest() - 1;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", mode);
        r.put("nodes", nodes);
        r.put("messages", options.messages());
        r.put("deliveryRatio", summary.get("deliveryRatio"));
        r.put("copiesPerNodePerMessage", Stats.round(
                (double) (sim.transport.counters.measuredCopies - copiesBefore) / receivers / options.messages(), 3));
        r.put("latencyMs", summary.get("latencyMs"));
        r.put("deliveryLatencyMs", summary.get("deliveryLatencyMs"));
        r.put("hops", summary.get("hops"));
        r.put("hopsToLastNode", summary.get("hopsToLastNode"));
        r.put("bytesPerDelivery", delivered == 0 ? 0 : Stats.round((double) bytes / delivered, 0));
        long events = sim.transport.counters.events - eventsBefore;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        r.put("events", events);
        r.put("wallSeconds", Stats.round(wall, 1));
        r.put("eventsPerSecond", Stats.round(events / wall, 0));
        System.err.printf("%s: %d events, wall %.1f s (%.0f events/s)%n", mode, events, wall, events / wall);
        sim.transport.onDelivery((node, message, hops, at) -> { });
        return r;
    }
}
