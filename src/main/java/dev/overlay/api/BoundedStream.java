package dev.overlay.api;

import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One Server-Sent-Events subscriber with a bounded queue. Producers only offer and never wait; a
 * subscriber whose queue overflows is ended, so a slow client can never slow the node. A heartbeat
 * comment now and then finds clients that left a quiet stream, which nothing else would write to.
 *
 * <p>Threading: {@link #offer} and {@link #heartbeat} may be called from any thread (the queue and
 * the heartbeat flag are concurrent); {@link #drain} runs on a sender thread and never twice at once,
 * guarded by {@link #draining}, and is the only reader of the backlog and the only caller of the format
 * function (which may therefore keep state).
 */
final class BoundedStream<T> {

    private static final Logger log = LoggerFactory.getLogger(BoundedStream.class);

    private final SseEmitter emitter;
    private final BlockingQueue<T> queue;
    private final Executor senders;
    private final Function<T, SseEmitter.SseEventBuilder> format;
    private final Consumer<BoundedStream<T>> onClose;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean heartbeatDue = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Items sent before the queue (a resumed stream's replay); set before draining starts. */
    private volatile Iterator<T> backlog = Collections.emptyIterator();

    BoundedStream(SseEmitter emitter, int capacity, Executor senders, Function<T, SseEmitter.SseEventBuilder> format,
                  Consumer<BoundedStream<T>> onClose) {
        this.emitter = emitter;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.senders = senders;
        this.format = format;
        this.onClose = onClose;
        emitter.onCompletion(this::close);
        emitter.onTimeout(this::close);
        emitter.onError(error -> close());
    }

    /** Sends a comment at once, which commits the response headers; false if the client is gone. */
    boolean open() {
        try {
            emitter.send(SseEmitter.event().comment("subscribed"));
            return true;
        } catch (IOException e) {
            close();
            return false;
        }
    }

    /**
     * Sends {@code items} before anything queued, at the client's pace (it is read as it is sent, so it
     * may be long); then starts draining. Call once, right after opening.
     */
    void replay(Iterator<T> items) {
        backlog = items;
        startDraining();
    }

    /** Queues an item; if the subscriber is too far behind, ends it instead. */
    void offer(T item) {
        if (closed.get()) {
            return;
        }
        if (!queue.offer(item)) {
            log.info("Dropping an event-stream subscriber: more than {} events behind", queue.size());
            close();
            // Completing takes the emitter's write lock, which a blocked send may hold: never on the producer.
            // A plain end, not an error: the request did not fail, and an error would be logged as one.
            senders.execute(emitter::complete);
            return;
        }
        startDraining();
    }

    /** Sends a comment soon; if the client has left, the failed write ends the stream. */
    void heartbeat() {
        if (!closed.get()) {
            heartbeatDue.set(true);
            startDraining();
        }
    }

    private void startDraining() {
        if (draining.compareAndSet(false, true)) {
            senders.execute(this::drain);
        }
    }

    private void drain() {
        while (!closed.get()) {
            SseEmitter.SseEventBuilder next = nextEvent();
            if (next == null) {
                draining.set(false);
                if ((queue.isEmpty() && !backlog.hasNext() && !heartbeatDue.get())
                        || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            try {
                emitter.send(next);
            } catch (IOException | IllegalStateException e) {
                close();
                return;
            }
        }
    }

    /** The next event: from the backlog, then the queue; items {@code format} maps to null are skipped. */
    private SseEmitter.SseEventBuilder nextEvent() {
        for (T item = nextItem(); item != null; item = nextItem()) {
            SseEmitter.SseEventBuilder event = format.apply(item);
            if (event != null) {
                return event;
            }
        }
        return heartbeatDue.getAndSet(false) ? SseEmitter.event().comment("heartbeat") : null;
    }

    private T nextItem() {
        Iterator<T> pending = backlog;
        return pending.hasNext() ? pending.next() : queue.poll();
    }

    /** Ends the stream normally (node shutdown). */
    void complete() {
        close();
        emitter.complete();
    }

    boolean isClosed() {
        return closed.get();
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.accept(this);
        }
    }
}
