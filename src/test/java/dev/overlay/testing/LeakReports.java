package dev.overlay.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * Process-wide collector of the leaks Netty's leak detector reported during the test run.
 *
 * <p><b>Threading rule.</b> This class owns its state: a single lock-free queue, the only mutable
 * state in this package. Any thread may append to it — Netty reports a leak on whichever thread
 * happens to allocate the next tracked resource (test threads, event loops, Spring-managed pools).
 * Only JUnit's test-execution thread reads and removes entries: {@link LeakDetectionExtension} in
 * {@code afterAll} and the guard's self-test. Removal is per element ({@link #drain()} polls until
 * empty), so a report appended concurrently with a drain is either returned by it or kept for the
 * next one, never lost. Attributing drained reports to "the class that just finished" assumes test
 * classes run one at a time in the JVM (JUnit's default); with concurrent class execution a leak
 * may be blamed on a neighbouring class, though it still fails the build.
 */
public final class LeakReports {

    /** One leak as Netty reported it. */
    public record LeakReport(String resourceType, String records) {

        public LeakReport {
            Objects.requireNonNull(resourceType, "resourceType");
            records = records == null ? "" : records;
        }

        /** Whether Netty captured access records (advanced/paranoid level) for this leak. */
        public boolean traced() {
            return !records.isEmpty();
        }

        public boolean mentions(String text) {
            return records.contains(text);
        }

        @Override
        public String toString() {
            return "LEAK: " + resourceType + ".release() was not called before it was garbage-collected."
                    + (traced() ? records : " (no access records: leak detection level below 'advanced')");
        }
    }

    private static final Queue<LeakReport> REPORTS = new ConcurrentLinkedQueue<>();

    private LeakReports() {
    }

    static void record(String resourceType, String records) {
        REPORTS.add(new LeakReport(resourceType, records));
    }

    /** The reports collected so far, oldest first; does not remove them. */
    public static List<LeakReport> snapshot() {
        return List.copyOf(REPORTS);
    }

    /** Removes and returns every report collected so far, oldest first. */
    public static List<LeakReport> drain() {
        List<LeakReport> drained = new ArrayList<>();
        for (LeakReport report; (report = REPORTS.poll()) != null; ) {
            drained.add(report);
        }
        return drained;
    }

    /** Removes the reports matching {@code filter}, leaving all others in place. */
    public static void discard(Predicate<LeakReport> filter) {
        REPORTS.removeIf(filter);
    }
}
