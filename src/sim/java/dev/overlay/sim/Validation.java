package dev.overlay.sim;

import dev.overlay.bench.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The check against the real engine: {@code scripts/bench}'s own random topology (same generator, same
 * seed) wired by direct dials with autoconnect off, as the bench does, then the steady-publish
 * measurement per relay mode. Its copies per node per message, hops to the last node and delivery are
 * what docs/BENCHMARKS.md compares with the bench's real-TLS figures.
 */
final class Validation {

    private Validation() {
    }

    static Map<String, Object> run(SimOptions options) {
        SimOptions wired = withoutAutoconnect(options);
        Simulation sim = new Simulation(wired, wired.modes().get(0));
        Topology topology = Topology.random(wired.nodes(), wired.degree(), wired.seed());
        for (int i = 0; i < wired.nodes(); i++) {
            sim.population.honest();
        }
        for (Topology.Edge edge : topology.edges()) {
            sim.transport.dial(sim.transport.node(edge.from()), sim.transport.node(edge.to()).endpoint);
        }
        sim.runFor(10);
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("links", topology.edges().size());
        network.put("degree", sim.degrees());
        network.put("connected", sim.connected(i -> true));
        List<Map<String, Object>> modes = new ArrayList<>();
        for (String mode : wired.modes()) {
            modes.add(SteadyPublish.runMode(sim, wired, mode));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("network", network);
        result.put("modes", modes);
        return result;
    }

    private static SimOptions withoutAutoconnect(SimOptions o) {
        Map<String, String> overrides = new LinkedHashMap<>(o.overrides());
        overrides.putIfAbsent("overlay.outbound-peers", "0");
        return new SimOptions(o.scenario(), o.nodes(), o.messages(), o.seed(), o.origins(), o.rate(), o.size(),
                o.warmupPerOrigin(), o.modes(), o.regions(), o.uniformDelayMs(), o.jitterMs(), o.processingUs(), o.bandwidthMbps(), o.uplinkService(), o.loss(),
                o.joinSeconds(), o.stabilizeSeconds(), o.settleSeconds(), o.degree(), o.churnPercentPerMinute(),
                o.minutes(), o.partitionSeconds(), o.attackerShare(), o.attackerPer16(), o.json(), overrides);
    }
}
