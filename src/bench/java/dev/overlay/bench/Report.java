package dev.overlay.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints results as a readable table and writes them as JSON. Ratios against the first mode (usually
 * flooding) are computed here from figures of the same run, which is what a comparison should rest on.
 */
final class Report {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Report() {
    }

    /** Everything one invocation measured, as written to the JSON file. */
    record Document(Instant startedAt, Map<String, Object> environment, BenchOptions options,
                    Map<String, Object> topology, List<TrialResult> runs, List<Saturation.Outcome> saturation) {
    }

    static Map<String, Object> environment() {
        Runtime runtime = Runtime.getRuntime();
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        environment.put("cores", runtime.availableProcessors());
        environment.put("maxHeapMiB", runtime.maxMemory() / 1048576);
        environment.put("tcpCongestionControl", tcpCongestionControl());
        return environment;
    }

    /**
     * The kernel's TCP congestion control, so runs on differently tuned hosts are not compared blindly
     * (loopback latencies of sparse links were once suspected to depend on it; see docs/BENCHMARKS.md).
     */
    static String tcpCongestionControl() {
        try {
            return Files.readString(Path.of("/proc/sys/net/ipv4/tcp_congestion_control")).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static void write(Path file, Document document) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, JSON.writeValueAsString(document));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static void printRuns(PrintStream out, List<TrialResult> runs) {
        out.printf("%n%-12s %6s %8s %9s %8s %8s %8s %8s %7s %7s %8s %8s %7s %8s %8s %6s %7s%n", "mode", "rate",
                "achieved", "delivered", "p50 ms", "p90 ms", "p99 ms", "max ms", "copies", "overall", "B/deliv",
                "msg/s", "CPU s", "µs/deliv", "KB/deliv", "GC ms", "heapMiB");
        for (TrialResult r : runs) {
            out.printf("%-12s %6.0f %8.1f %8.2f%% %8.1f %8.1f %8.1f %8.1f %7.2f %7.2f %8.0f %8.1f %7.2f %8.1f %8.1f %6d"
                            + " %7.0f%n",
                    r.mode(), r.targetRate(), r.achievedRate(), r.deliveryRatio() * 100, r.latency().p50(),
                    r.latency().p90(), r.latency().p99(), r.latency().max(), r.copiesPerNodePerMessage(),
                    r.copiesOverall(), r.bytesSentPerDelivery(), r.throughput(), r.cpuSeconds(),
                    r.cpuMicrosPerDelivery(), r.allocatedBytesPerDelivery() / 1024, r.gcMillis(), r.peakHeapMiB());
        }
        if (runs.size() > 1) {
            TrialResult base = runs.get(0);
            out.printf("%nagainst %s:%n", base.mode());
            for (TrialResult r : runs.subList(1, runs.size())) {
                out.printf("  %-12s copies x%.2f, bytes/delivery x%.2f, p99 x%.2f, CPU/delivery x%.2f%n", r.mode(),
                        ratio(r.copiesPerNodePerMessage(), base.copiesPerNodePerMessage()),
                        ratio(r.bytesSentPerDelivery(), base.bytesSentPerDelivery()),
                        ratio(r.latency().p99(), base.latency().p99()),
                        ratio(r.cpuMicrosPerDelivery(), base.cpuMicrosPerDelivery()));
            }
        }
        out.printf("%nreconciliation, measured phase (live: delivered by relaying, without what it fetched):%n");
        out.printf("  %-12s %9s %9s %10s %9s %9s%n", "mode", "sync/pub", "live", "delivered", "recovered",
                "dropped");
        for (TrialResult r : runs) {
            out.printf("  %-12s %8.3f%% %8.3f%% %9.3f%% %9d %9d%n", r.mode(), r.syncShare() * 100,
                    r.liveDeliveryRatio() * 100, r.deliveryRatio() * 100, r.recovered(), r.droppedCopies());
        }
        out.printf("%ndelivery paths (first copies; delay per hop from the sender's delivery to the receiver's):%n");
        out.printf("  %-12s %9s %8s %12s %12s %12s %12s%n", "mode", "hops/last", "max hops", "hop p50 ms",
                "hop p99 ms", "to last p50", "to last p99");
        for (TrialResult r : runs) {
            DeliveryPaths paths = r.paths();
            out.printf("  %-12s %9.2f %8d %12.2f %12.2f %12.2f %12.2f%n", r.mode(), paths.meanHopsToLast(),
                    paths.maxHopsToLast(), paths.hopDelay().p50(), paths.hopDelay().p99(),
                    paths.hopDelayToLast().p50(), paths.hopDelayToLast().p99());
        }
        out.printf("%nwhere the CPU went (seconds):%n");
        for (TrialResult r : runs) {
            StringBuilder line = new StringBuilder(String.format("  %-12s", r.mode()));
            r.cpuSecondsByRole().forEach((role, seconds) -> line.append(String.format(" %s %.2f;", role, seconds)));
            out.println(line);
        }
        for (TrialResult r : runs) {
            if (r.shed() > 0 || r.duplicateDeliveries() > 0) {
                out.printf("  %s: %d copies shed, %d duplicate deliveries%n", r.mode(), r.shed(),
                        r.duplicateDeliveries());
            }
        }
    }

    static void printSaturation(PrintStream out, List<Saturation.Outcome> outcomes, long boundMillis) {
        out.printf("%nhighest rate delivering 100%% within %d ms:%n", boundMillis);
        for (Saturation.Outcome outcome : outcomes) {
            out.printf("  %-12s %8.0f msg/s (%d trials)%n", outcome.mode(), outcome.sustainedRate(),
                    outcome.trials().size());
        }
    }

    private static double ratio(double value, double base) {
        return base == 0 ? 0 : value / base;
    }
}
