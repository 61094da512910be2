package dev.overlay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DeterminismTest {

    /** Figures about the machine, not the simulation. */
    private static final List<String> MACHINE_FIGURES = List.of("wallSeconds", "peakHeapMiB", "eventsPerSecond",
            "bootstrapWallSeconds");

    private static String simulatedFigures(String... args) {
        Map<String, Object> report = Simulate.run(SimOptions.parse(args));
        return JsonMapper.builder().build().writeValueAsString(withoutMachineFigures(report));
    }

    @SuppressWarnings("unchecked")
    private static Object withoutMachineFigures(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!MACHINE_FIGURES.contains(String.valueOf(k))) {
                    copy.put(String.valueOf(k), withoutMachineFigures(v));
                }
            });
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(DeterminismTest::withoutMachineFigures).toList();
        }
        return value;
    }

    @Test
    void twoRunsWithOneSeedGiveIdenticalFigures() {
        String[] args = {"--nodes", "40", "--messages", "20", "--seed", "7", "--warmup", "25", "--join-seconds", "10",
                "--stabilize-seconds", "20", "--relay", "flood,squelch2"};

        String first = simulatedFigures(args);
        String second = simulatedFigures(args);

        assertThat(first).contains("\"deliveryRatio\"").contains("\"copiesPerNodePerMessage\"");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aPartitionWithReconciliationRunsTheSameTwice() {
        String[] args = {"--scenario", "partition", "--nodes", "40", "--seed", "7", "--warmup", "5",
                "--join-seconds", "10", "--stabilize-seconds", "20", "--partition-seconds", "20", "--minutes", "1"};

        String first = simulatedFigures(args);
        String second = simulatedFigures(args);

        assertThat(first).contains("\"recoveredByReconciliation\"").contains("\"syncBytes\"");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void anotherSeedGivesAnotherNetwork() {
        String[] args = {"--nodes", "40", "--messages", "20", "--warmup", "0", "--join-seconds", "10",
                "--stabilize-seconds", "20", "--relay", "flood"};
        String[] seven = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--seed", "7")).toArray(String[]::new);
        String[] eight = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--seed", "8")).toArray(String[]::new);

        assertThat(simulatedFigures(seven)).isNotEqualTo(simulatedFigures(eight));
    }
}
