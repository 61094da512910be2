package dev.overlay.bench;

import dev.overlay.engine.OverlayNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * Publishes a phase's messages at a steady rate, round-robin over the origin nodes. A publisher that
 * falls behind (the origin cannot sign or hand over fast enough) catches up without sleeping, and the
 * achieved rate shows it.
 *
 * <p>Threading: {@link #publish} is called by the bench's main thread and does its work on a
 * dedicated thread named {@code bench-publisher}, so its CPU (signing) is reported as its own role.
 */
final class Publisher implements AutoCloseable {

    private static final String TOPIC = "bench";
    private final List<OverlayNode> nodes;
    private final List<Integer> origins;
    private final DeliveryLog log;
    private final int size;
    // One long-lived thread, so the sampler sees its CPU time (a thread that ended takes it along).
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-publisher"));

    Publisher(List<OverlayNode> nodes, List<Integer> origins, DeliveryLog log, int size) {
        this.nodes = nodes;
        this.origins = origins;
        this.log = log;
        this.size = size;
    }

    /** Evenly spaced origins, so publishers are not neighbours by construction. */
    static List<Integer> spreadOrigins(int nodes, int count) {
        return IntStream.range(0, count).map(i -> i * nodes / count).boxed().toList();
    }

    /** Publishes every message of {@code phase} at {@code rate}; returns the achieved rate. */
    double publish(int phase, double rate) {
        return CompletableFuture.supplyAsync(() -> publishPaced(phase, rate), thread).join();
    }

    /** Ends the publishing thread, after the sampler has read its CPU time. */
    @Override
    public void close() {
        thread.shutdown();
    }

    private double publishPaced(int phase, double rate) {
        int first = log.firstIndexOf(phase);
        int count = log.sizeOf(phase);
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        CompletableFuture<?> last = CompletableFuture.completedFuture(null);
        long lastHandOver = start;
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = first + i;
            int origin = origins.get(index % origins.size());
            log.published(index, origin);
            last = nodes.get(origin).relay().signAndBroadcast(TOPIC, DeliveryLog.payload(index, size));
            lastHandOver = System.nanoTime();
        }
        last.join();
        return count < 2 ? rate : (count - 1) / ((lastHandOver - start) / 1e9);
    }
}
