package dev.overlay.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network benchmark ({@code scripts/bench}): builds an N-node overlay on loopback (real TCP and
 * TLS, all nodes in this JVM), publishes at a given rate from several origins, and reports delivery,
 * propagation latency, copies per node, bytes, CPU and heap for each relay mode on the same topology.
 * See {@code docs/BENCHMARKS.md}.
 */
public final class NetworkBench {

    private NetworkBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (List.of(args).contains("--help")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("scripts/bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        Instant startedAt = Instant.now();
        Topology topology = Topology.random(options.nodes(), options.degree(), options.seed());
        System.out.printf("%d nodes, %d links (mean degree %.1f, max %d), %d-byte messages from %d origins,"
                        + " TCP congestion control %s%n", topology.nodes(), topology.edges().size(),
                topology.meanDegree(), topology.maxDegree(), options.size(), options.origins(),
                Report.tcpCongestionControl());
        Trial trial = new Trial(topology, options);
        if (!options.jvmWarmup().isZero()) {
            System.out.printf("warming the JVM up for %d s (not measured)...%n", options.jvmWarmup().toSeconds());
            trial.run(options.modes().get(0), options.rate(),
                    (int) Math.max(1, options.rate() * options.jvmWarmup().toSeconds()), options.settle());
        }
        List<TrialResult> runs = new ArrayList<>();
        List<Saturation.Outcome> saturation = new ArrayList<>();
        if (options.saturate()) {
            Saturation search = new Saturation(trial, options, result -> System.out.printf(
                    "  %-12s %8.0f msg/s: delivered %.2f%%, max %.0f ms, achieved %.0f msg/s%n", result.mode(),
                    result.targetRate(), result.deliveryRatio() * 100, result.latency().max(),
                    result.achievedRate()));
            for (RelayMode mode : options.modes()) {
                saturation.add(search.search(mode));
            }
            Report.printSaturation(System.out, saturation, options.latencyBound().toMillis());
        } else {
            for (RelayMode mode : options.modes()) {
                System.out.printf("running %s at %.0f msg/s...%n", mode.label(), options.rate());
                runs.add(trial.run(mode, options.rate(), options.messages(), options.settle()));
            }
            Report.printRuns(System.out, runs);
        }
        if (options.json() != null) {
            Report.write(options.json(), new Report.Document(startedAt, Report.environment(), options,
                    topologySummary(topology), runs, saturation));
            System.out.println("\nJSON report: " + options.json());
        }
    }

    private static Map<String, Object> topologySummary(Topology topology) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("nodes", topology.nodes());
        summary.put("links", topology.edges().size());
        summary.put("meanDegree", topology.meanDegree());
        summary.put("maxDegree", topology.maxDegree());
        return summary;
    }
}
