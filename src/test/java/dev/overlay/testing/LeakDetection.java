package dev.overlay.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.List;

/** Makes Netty report buffer leaks now rather than at some later allocation. */
public final class LeakDetection {

    private static final int GC_ROUNDS = 2;
    private static final long GC_WAIT_MILLIS = 2_000;

    private static final List<ByteBufAllocator> ALLOCATORS = List.of(
            ByteBufAllocator.DEFAULT,
            PooledByteBufAllocator.DEFAULT,
            UnpooledByteBufAllocator.DEFAULT);

    private LeakDetection() {
    }

    /**
     * Runs garbage collection and then lets the {@code ByteBuf} leak detector poll its reference
     * queue, so buffers that became unreachable without being released are reported (and land in
     * {@link LeakReports}) before this method returns.
     *
     * <p>Netty only inspects its queue when a new tracked buffer is allocated, and a collected
     * buffer only reaches that queue after the JVM's reference handler has processed it. Each round
     * therefore waits until a GC has demonstrably run and its references have been enqueued (a
     * sentinel phantom reference shows up), then allocates and releases a few tracked buffers. The
     * second round's sentinel can only be enqueued after the first collection's references were
     * all handed over. Best effort: a buffer still strongly reachable somewhere is not a leak yet.
     */
    public static void surfacePendingLeaks() {
        for (int round = 0; round < GC_ROUNDS; round++) {
            collectGarbageAndAwaitReferenceProcessing();
            allocateAndReleaseTrackedBuffers();
        }
    }

    private static void collectGarbageAndAwaitReferenceProcessing() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
        System.gc();
        try {
            // Bounded: with -XX:+DisableExplicitGC the sentinel may never be enqueued.
            queue.remove(GC_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Reference.reachabilityFence(sentinel);
        }
    }

    private static void allocateAndReleaseTrackedBuffers() {
        for (ByteBufAllocator allocator : ALLOCATORS) {
            // Heap buffers from the unpooled allocator are not tracked, so use direct buffers too.
            release(allocator.heapBuffer(8));
            release(allocator.directBuffer(8));
        }
    }

    private static void release(ByteBuf buffer) {
        buffer.release();
    }
}
