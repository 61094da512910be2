package dev.overlay.sim;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** The table on stdout: one row per relay mode where a scenario has modes, then every other figure. */
final class Report {

    private static final List<String> COLUMNS = List.of("mode", "nodes", "messages", "deliveryRatio",
            "copiesPerNodePerMessage", "latencyMs", "deliveryLatencyMs", "hops", "hopsToLastNode", "bytesPerDelivery",
            "events", "wallSeconds", "eventsPerSecond");

    private Report() {
    }

    static void print(Map<String, Object> report, PrintStream out) {
        Object scenario = report.get(((Map<?, ?>) report.get("options")).get("scenario"));
        print("", (Map<?, ?>) scenario, out);
        out.println("wallSeconds " + report.get("wallSeconds") + ", peakHeapMiB " + report.get("peakHeapMiB"));
    }

    private static void print(String prefix, Map<?, ?> figures, PrintStream out) {
        for (Map.Entry<?, ?> entry : figures.entrySet()) {
            if (entry.getValue() instanceof List<?> rows && !rows.isEmpty() && rows.get(0) instanceof Map<?, ?>) {
                table(prefix + entry.getKey(), rows, out);
            } else if (entry.getValue() instanceof Map<?, ?> nested && !isSummary(nested)) {
                print(prefix + entry.getKey() + ".", nested, out);
            } else {
                out.println(prefix + entry.getKey() + ": " + entry.getValue());
            }
        }
    }

    private static boolean isSummary(Map<?, ?> map) {
        return map.containsKey("p50") || map.keySet().stream().allMatch(k -> String.valueOf(k).matches("\\d+"));
    }

    private static void table(String name, List<?> rows, PrintStream out) {
        Map<?, ?> firstRow = (Map<?, ?>) rows.get(0);
        List<?> columns = firstRow.keySet().stream()
                .sorted((a, b) -> Integer.compare(rank(a), rank(b))).toList();
        out.println(name + ":");
        out.println("| " + String.join(" | ", columns.stream().map(String::valueOf).toList()) + " |");
        out.println("|" + "---|".repeat(columns.size()));
        for (Object row : rows) {
            Map<?, ?> r = (Map<?, ?>) row;
            out.println("| " + String.join(" | ", columns.stream().map(c -> String.valueOf(r.get(c))).toList()) + " |");
        }
    }

    private static int rank(Object column) {
        int i = COLUMNS.indexOf(String.valueOf(column));
        return i < 0 ? COLUMNS.size() : i;
    }
}
