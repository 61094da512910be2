package dev.overlay.sim;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/simulate}: runs one scenario on a simulated network of nodes running the real core,
 * prints the seed and options first, then a table, and writes every figure as JSON with
 * {@code --json}.
 */
public final class Simulate {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Simulate() {
    }

    public static void main(String[] args) throws IOException {
        SimOptions options;
        try {
            options = SimOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("seed " + options.seed() + ", scenario " + options.scenario());
        System.out.println("options " + options.describe());
        Map<String, Object> report = run(options);
        Report.print(report, System.out);
        if (options.json() != null) {
            Files.writeString(options.json(), JSON.writeValueAsString(report));
        }
    }

    /** Runs the scenario the options name and returns every figure, the options first. */
    static Map<String, Object> run(SimOptions options) {
        long wallStart = System.nanoTime();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("seed", options.seed());
        report.put("options", options.describe());
        Map<String, Object> figures = switch (options.scenario()) {
            case "steady" -> SteadyPublish.run(options);
            case "validate" -> Validation.run(options);
            case "bootstrap" -> Bootstrap.run(options);
            case "churn" -> Churn.run(options);
            case "partition" -> Partition.run(options);
            case "eclipse" -> Eclipse.run(options);
            default -> throw new IllegalArgumentException(options.scenario());
        };
        if (figures.get("modes") instanceof List<?> modes) {
            String defaultMode = options.defaultMode();
            Map<?, ?> main = (Map<?, ?>) modes.get(modes.size() - 1);
            for (Object m : modes) {
                if (((Map<?, ?>) m).get("mode").equals(defaultMode)) {
                    main = (Map<?, ?>) m;
                }
            }
            report.put("mode", main.get("mode"));
            for (String key : List.of("nodes", "messages", "deliveryRatio", "copiesPerNodePerMessage", "latencyMs")) {
                report.put(key, main.get(key));
            }
        }
        report.put("wallSeconds", Stats.round((System.nanoTime() - wallStart) / 1e9, 1));
        report.put("peakHeapMiB", peakHeapMiB());
        report.put(options.scenario(), figures);
        return report;
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }
}
