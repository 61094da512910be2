package dev.overlay.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the JVM spent over a measured interval: process CPU, CPU per thread role (where the time
 * goes), bytes allocated, GC, and the peak heap in use (sampled every 20 ms).
 *
 * <p>Threading: {@link #start} and {@link #stop} are called by the bench's main thread; the sampling
 * thread only writes {@code peakHeap}.
 */
final class ProcessSampler {

    /** Thread name prefixes and the role they play, in report order. */
    private static final Map<String, String> ROLES = new LinkedHashMap<>();

    static {
        ROLES.put("overlay-io", "event loops: TLS, frames, verify");
        ROLES.put("overlay-relay", "relay threads: dedup, fan-out, squelch");
        ROLES.put("bench-publisher", "publisher: signing");
        ROLES.put("overlay-", "other overlay threads");
    }

    private static final String VM_ROLE = "JVM: JIT compiler and GC";
    private static final String OTHER_ROLE = "other Java threads";

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peakHeap = new AtomicLong();
    private Map<Long, ThreadSample> threadsAtStart;
    private long cpuAtStart;
    private long gcCountAtStart;
    private long gcMillisAtStart;
    private Thread sampler;

    /** Totals over the interval. */
    record Usage(double cpuSeconds, Map<String, Double> cpuSecondsByRole, long allocatedBytes, long gcCount,
                 long gcMillis, long peakHeapBytes) {
    }

    void start() {
        threadsAtStart = threadTimes();
        cpuAtStart = os.getProcessCpuTime();
        gcCountAtStart = gcTotal(true);
        gcMillisAtStart = gcTotal(false);
        peakHeap.set(memory.getHeapMemoryUsage().getUsed());
        sampler = new Thread(this::sampleHeap, "bench-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    Usage stop() {
        sampler.interrupt();
        long cpu = os.getProcessCpuTime() - cpuAtStart;
        Map<Long, ThreadSample> threadsAtEnd = threadTimes();
        Map<String, Long> byRole = new LinkedHashMap<>();
        ROLES.values().forEach(role -> byRole.put(role, 0L));
        byRole.put(OTHER_ROLE, 0L);
        long javaCpu = 0;
        long allocated = 0;
        for (Map.Entry<Long, ThreadSample> end : threadsAtEnd.entrySet()) {
            ThreadSample start = threadsAtStart.get(end.getKey());
            ThreadSample delta = start == null ? end.getValue() : end.getValue().since(start);
            javaCpu += delta.cpuNanos();
            allocated += delta.allocatedBytes();
            byRole.merge(delta.role(), delta.cpuNanos(), Long::sum);
        }
        // Compiler and GC threads are not Java threads: they are what the process used beyond them. The
        // JVM's own compilation-time figure is wall time, so it cannot split this share reliably.
        byRole.put(VM_ROLE, Math.max(0, cpu - javaCpu));
        Map<String, Double> seconds = new LinkedHashMap<>();
        byRole.forEach((role, nanos) -> seconds.put(role, nanos / 1e9));
        return new Usage(cpu / 1e9, seconds, allocated, gcTotal(true) - gcCountAtStart,
                gcTotal(false) - gcMillisAtStart, peakHeap.get());
    }

    private void sampleHeap() {
        while (!Thread.currentThread().isInterrupted()) {
            peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One thread's role and its CPU time and allocation so far. */
    private record ThreadSample(String role, long cpuNanos, long allocatedBytes) {

        ThreadSample since(ThreadSample earlier) {
            return new ThreadSample(role, cpuNanos - earlier.cpuNanos, allocatedBytes - earlier.allocatedBytes);
        }
    }

    private Map<Long, ThreadSample> threadTimes() {
        Map<Long, ThreadSample> times = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            long id = thread.getId();
            long cpu = threads.getThreadCpuTime(id);
            if (cpu >= 0) {
                times.put(id, new ThreadSample(roleOf(thread.getName()), cpu,
                        Math.max(0, threads.getThreadAllocatedBytes(id))));
            }
        }
        return times;
    }

    private static String roleOf(String threadName) {
        return ROLES.entrySet().stream().filter(role -> threadName.startsWith(role.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(OTHER_ROLE);
    }

    private static long gcTotal(boolean count) {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, count ? gc.getCollectionCount() : gc.getCollectionTime());
        }
        return total;
    }
}
