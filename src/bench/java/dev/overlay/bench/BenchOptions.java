package dev.overlay.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code scripts/bench}, parsed and checked. Every option has a default, so
 * {@code scripts/bench} alone runs a small comparison.
 *
 * @param nodes nodes in the network
 * @param degree peers per node the random topology gives each node at least
 * @param messages measured messages per run
 * @param warmup messages published before measuring, so squelch can select its sources
 * @param rate publish rate, messages per second, spread over the origins
 * @param size payload bytes per message
 * @param origins how many nodes publish, round-robin
 * @param modes relay modes compared on the same topology, in order
 * @param seed topology seed
 * @param ioThreads event-loop threads per node (all nodes share this JVM's cores)
 * @param jvmWarmup how long an unmeasured run first warms the JVM up (JIT), so no mode pays for it
 * @param settle longest wait for the last copies of a run to arrive
 * @param saturate search for the highest rate each mode sustains instead of one run at {@code rate}
 * @param latencyBound saturation criterion: every message at every node within this time
 * @param trialDuration saturation: how long each trial publishes
 * @param loss share of received Publish copies each node drops (0 to 0.5), seeded by {@code seed}
 * @param json where the JSON report goes; null for none
 * @param overrides further {@code overlay.*} properties applied to every node
 */
record BenchOptions(int nodes, int degree, int messages, int warmup, double rate, int size, int origins,
                    List<RelayMode> modes, long seed, int ioThreads, Duration jvmWarmup, Duration settle, boolean saturate,
                    Duration latencyBound, Duration trialDuration, double loss, Path json, Map<String, String> overrides) {

    static final String USAGE = """
            usage: scripts/bench [options]
              --nodes N            nodes in the network (default 10)
              --degree D           minimum peers per node in the random topology (default 4)
              --messages M         measured messages per run (default 1000)
              --warmup W           messages before measuring (default 30 per origin)
              --rate R             publish rate in messages/s over all origins (default 100)
              --size BYTES         payload size (default 1024)
              --origins K          publishing nodes, round-robin (default min(N, 4))
              --relay MODES        flood|squelch, comma-separated (default flood,squelch)
              --selected LIST      squelch's selected peers per origin, comma-separated (default 2)
              --seed S             topology seed (default 1)
              --io-threads T       event-loop threads per node (default 1)
              --jvm-warmup SECONDS unmeasured run first, so the JIT has compiled the hot paths (default 15)
              --settle SECONDS     longest wait for the last copies (default 30)
              --saturate           find the highest rate delivering 100% within --latency-bound
              --latency-bound MS   saturation bound on every message's propagation (default 1000)
              --trial-seconds S    saturation: publishing time per trial (default 5)
              --loss SHARE         drop this share of received Publish copies, 0 to 0.5 (default 0)
              --json FILE          also write the report as JSON
              --set KEY=VALUE      any overlay.* property for every node (repeatable)
            """;

    BenchOptions {
        requireAtLeast("--nodes", nodes, 2);
        requireAtLeast("--degree", degree, 1);
        if (degree >= nodes) {
            throw new IllegalArgumentException("--degree must be below --nodes");
        }
        requireAtLeast("--messages", messages, 1);
        requireAtLeast("--warmup", warmup, 0);
        requireAtLeast("--size", size, 8);
        requireAtLeast("--origins", origins, 1);
        if (origins > nodes) {
            throw new IllegalArgumentException("--origins must be at most --nodes");
        }
        requireAtLeast("--io-threads", ioThreads, 1);
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        if (!(loss >= 0 && loss <= 0.5)) {
            throw new IllegalArgumentException("--loss must be from 0 to 0.5, was " + loss);
        }
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("--relay names no mode");
        }
        modes = List.copyOf(modes);
        overrides = Map.copyOf(overrides);
    }

    private static void requireAtLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", was " + value);
        }
    }

    /** Parses {@code args}; throws {@link IllegalArgumentException} with a message naming the bad option. */
    static BenchOptions parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        boolean saturate = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--saturate")) {
                saturate = true;
                continue;
            }
            if (!option.startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected an option with a value at '" + option + "'");
            }
            String value = args[++i];
            if (option.equals("--set")) {
                int eq = value.indexOf('=');
                if (eq < 1 || !value.startsWith("overlay.")) {
                    throw new IllegalArgumentException("--set takes overlay.KEY=VALUE, was '" + value + "'");
                }
                overrides.put(value.substring(0, eq), value.substring(eq + 1));
            } else if (values.put(option, value) != null) {
                throw new IllegalArgumentException(option + " given twice");
            }
        }
        Arguments a = new Arguments(values);
        int nodes = a.integer("--nodes", 10);
        int origins = a.integer("--origins", Math.min(nodes, 4));
        BenchOptions options = new BenchOptions(nodes, a.integer("--degree", 4), a.integer("--messages", 1000),
                a.integer("--warmup", 30 * origins), a.decimal("--rate", 100), a.integer("--size", 1024), origins,
                modes(a.text("--relay", "flood,squelch"), a.text("--selected", "2")), a.integer("--seed", 1),
                a.integer("--io-threads", 1), Duration.ofSeconds(a.integer("--jvm-warmup", 15)),
                Duration.ofSeconds(a.integer("--settle", 30)), saturate,
                Duration.ofMillis(a.integer("--latency-bound", 1000)),
                Duration.ofSeconds(a.integer("--trial-seconds", 5)), a.decimal("--loss", 0),
                a.values.containsKey("--json") ? Path.of(a.text("--json", null)) : null, overrides);
        a.rejectUnknown();
        return options;
    }

    private static List<RelayMode> modes(String relay, String selected) {
        List<RelayMode> modes = new ArrayList<>();
        for (String mode : relay.split(",")) {
            switch (mode.trim()) {
                case "flood" -> modes.add(RelayMode.FLOOD);
                case "squelch" -> {
                    for (String count : selected.split(",")) {
                        int peers = Arguments.parseInt("--selected", count.trim());
                        if (peers < 1 || peers > 16) {
                            throw new IllegalArgumentException("--selected values must be 1 to 16, was " + peers);
                        }
                        modes.add(RelayMode.squelch(peers));
                    }
                }
                default -> throw new IllegalArgumentException("--relay takes flood and/or squelch, was '" + mode
                        + "'");
            }
        }
        return modes;
    }

    /** The option values still to be read; whatever is left at the end is unknown. */
    private record Arguments(Map<String, String> values) {

        String text(String option, String fallback) {
            String value = values.remove(option);
            return value == null ? fallback : value;
        }

        int integer(String option, int fallback) {
            String value = values.remove(option);
            return value == null ? fallback : parseInt(option, value);
        }

        double decimal(String option, double fallback) {
            String value = values.remove(option);
            try {
                return value == null ? fallback : Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes a number, was '" + value + "'");
            }
        }

        static int parseInt(String option, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes a whole number, was '" + value + "'");
            }
        }

        void rejectUnknown() {
            if (!values.isEmpty()) {
                throw new IllegalArgumentException("unknown option " + values.keySet().iterator().next());
            }
        }
    }
}
