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

    /** What became of a bulk body once its turn came: reported on the event loop. */
    interface BulkOutcome {
        void written(Object body, int bytes);

        void shed(Object body);
    }

    private record Pending(Object body, int bytes, boolean bulk) {
    }

    private final Channel channel;
    private final BulkOutcome bulkOutcome;
    private final Queue<Pending> pending = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong pendingBytes = new AtomicLong();

    WriteBatcher(Channel channel, BulkOutcome bulkOutcome) {
        this.channel = channel;
        this.bulkOutcome = bulkOutcome;
    }

    /** Queues {@code body} (not reference-counted) for the channel; {@code bytes} is its frame size. */
    void offer(Object body, int bytes) {
        enqueue(new Pending(body, bytes, false));
    }

    /**
     * Queues a body that is written only if the channel is writable when its turn comes, and shed
     * otherwise: whether the peer keeps up is known for sure only there, on the event loop, after the
     * frames before it were flushed.
     */
    void offerBulk(Object body, int bytes) {
        enqueue(new Pending(body, bytes, true));
    }

    private void enqueue(Pending next) {
        pendingBytes.addAndGet(next.bytes());
        pending.add(next);
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

    /**
     * Writes everything queued, flushing whenever half the low-water mark is written and not yet
     * flushed. Unflushed bytes count in the channel's buffer like bytes the socket refused; flushed in
     * smaller pieces, a healthy peer's buffer never holds a large backlog, even when the event loop,
     * busy with other peers, comes to a large batch, so its bulk bodies are never shed here (see
     * {@link Connection#sendBulk}). A peer that does not keep up makes the channel unwritable, and its
     * bulk bodies are shed until Netty's buffer is below the low-water mark again.
     */
    private void drain() {
        scheduled.set(false);
        long flushEvery = Math.max(1, channel.config().getWriteBufferLowWaterMark() / 2);
        long unflushed = 0;
        Pending next;
        while ((next = pending.poll()) != null) {
            pendingBytes.addAndGet(-next.bytes());
            if (next.bulk()) {
                if (!channel.isWritable()) {
                    bulkOutcome.shed(next.body());
                    continue;
                }
                bulkOutcome.written(next.body(), next.bytes());
            }
            channel.write(next.body(), channel.voidPromise());
            unflushed += next.bytes();
            if (unflushed >= flushEvery) {
                channel.flush();
                unflushed = 0;
            }
        }
        if (unflushed > 0) {
            channel.flush();
        }
    }
}
