package dev.overlay.engine;

import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries frame bodies written by other threads (the relay thread above all) to a channel in
 * batches: one event-loop task and one flush for however many frames queued up meanwhile. Written one
 * by one, every relayed copy would cost a task hand-off, a TLS record and a system call; batched, the
 * TLS handler seals many frames into one record as soon as the node is busy, which is exactly when it
 * matters.
 *
 * <p>Threading: {@link #offer} and {@link #pendingBytes} from any thread; the drain runs on the
 * channel's event loop, as a task or inline when the event loop itself offers. The queue is
 * multi-producer, single-consumer; {@code scheduled} keeps at most one drain task queued at a time
 * (an inline drain may leave it to find the queue empty).
 */
final class WriteBatcher {

    private record Pending(Object body, int bytes) {
    }

    private final Channel channel;
    private final Queue<Pending> pending = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong pendingBytes = new AtomicLong();

    WriteBatcher(Channel channel) {
        this.channel = channel;
    }

    /** Queues {@code body} (not reference-counted) for the channel; {@code bytes} is its frame size. */
    void offer(Object body, int bytes) {
        pendingBytes.addAndGet(bytes);
        pending.add(new Pending(body, bytes));
        if (channel.eventLoop().inEventLoop()) {
            // Pings and pongs: no hand-off needed, and frames queued before this one still go first.
            drain();
            return;
        }
        if (scheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                // The event loop is shutting down and the channel with it: nothing will be written.
                pending.clear();
                pendingBytes.set(0);
            }
        }
    }

    /** Bytes queued here and not yet handed to the channel. */
    long pendingBytes() {
        return pendingBytes.get();
    }

    private void drain() {
        scheduled.set(false);
        boolean wrote = false;
        Pending next;
        while ((next = pending.poll()) != null) {
            pendingBytes.addAndGet(-next.bytes());
            channel.write(next.body(), channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }
}
