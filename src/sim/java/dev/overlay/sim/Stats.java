package dev.overlay.sim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Percentiles and rounding for the reports. */
final class Stats {

    private Stats() {
    }

    /** The nearest-rank percentile of {@code sorted} (ascending); 0 if empty. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** {@code p50}, {@code p99} and {@code max} of the values, rounded to {@code digits} decimals. */
    static Map<String, Object> summary(double[] values, int digits) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("p50", round(percentile(sorted, 50), digits));
        s.put("p99", round(percentile(sorted, 99), digits));
        s.put("max", round(sorted.length == 0 ? 0 : sorted[sorted.length - 1], digits));
        return s;
    }

    static double mean(double[] values) {
        return values.length == 0 ? 0 : Arrays.stream(values).sum() / values.length;
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
