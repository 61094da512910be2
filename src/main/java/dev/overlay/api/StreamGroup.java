package dev.overlay.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open Server-Sent-Events streams of one kind, their sender threads, and their end at shutdown:
 * every stream is completed before the web server drains its requests (this lifecycle stops in an
 * earlier phase), so open streams never hold up a graceful stop.
 *
 * <p>At most {@code maxSubscribers} streams are open at once; one more is refused with
 * {@link SubscriberLimitException}. The cap bounds the sender pool too: a subscriber runs
 * at most two sender tasks at once (its drain, and ending it when it falls behind, which waits for a
 * blocked send), so {@code 2 * maxSubscribers} threads, started on demand and retired when idle, serve
 * them all; any further task waits in the pool's queue instead of starting a thread. While running,
 * every stream gets a heartbeat comment each {@value #HEARTBEAT_SECONDS} s: a client that left a quiet
 * stream is only noticed when a write fails, and until then it would keep its place.
 *
 * <p>Threading: the set of streams is concurrent and the subscriber permits a semaphore; see
 * {@link BoundedStream} for each stream's rule.
 */
abstract class StreamGroup<T> implements SmartLifecycle {

    private static final long IDLE_SENDER_SECONDS = 60;
    static final long HEARTBEAT_SECONDS = 15;

    private final String name;
    private final int queueCapacity;
    private final int maxSubscribers;
    private final Semaphore subscribers;
    private final Set<BoundedStream<T>> open = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor senders;
    private final ScheduledExecutorService heartbeats;
    private volatile boolean running;

    /**
     * @param name the stream as clients know it, for the refusal's message
     * @param queueCapacity items buffered per subscriber before it is dropped as too slow
     * @param maxSubscribers streams open at once, at most
     */
    StreamGroup(String name, int queueCapacity, int maxSubscribers, String threadName) {
        this.name = name;
        this.queueCapacity = queueCapacity;
        this.maxSubscribers = maxSubscribers;
        this.subscribers = new Semaphore(maxSubscribers);
        int threads = 2 * maxSubscribers;
        this.senders = new ThreadPoolExecutor(threads, threads, IDLE_SENDER_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads(threadName));
        senders.allowCoreThreadTimeOut(true);
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(daemonThreads(threadName + "-heartbeat"));
    }

    private static ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Opens a stream on {@code emitter}; {@code onClose} runs once when it ends for any reason.
     *
     * @throws SubscriberLimitException if {@code maxSubscribers} streams are already open
     */
    BoundedStream<T> open(SseEmitter emitter, Function<T, SseEmitter.SseEventBuilder> format,
                          Consumer<BoundedStream<T>> onClose) {
        if (!subscribers.tryAcquire()) {
            throw new SubscriberLimitException(name, maxSubscribers);
        }
        BoundedStream<T> stream = new BoundedStream<>(emitter, queueCapacity, senders, format, closed -> {
            open.remove(closed);
            subscribers.release();
            onClose.accept(closed);
        });
        open.add(stream);
        stream.open();
        return stream;
    }

    Set<BoundedStream<T>> streams() {
        return open;
    }

    int openStreams() {
        return open.size();
    }

    /** The most sender threads that ever ran at once. */
    int largestSenderPool() {
        return senders.getLargestPoolSize();
    }

    /** Sends every open stream a heartbeat, which ends those whose client has gone. */
    void heartbeat() {
        open.forEach(BoundedStream::heartbeat);
    }

    @Override
    public void start() {
        running = true;
        heartbeats.scheduleAtFixedRate(this::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        running = false;
        heartbeats.shutdownNow();
        open.forEach(BoundedStream::complete);
        senders.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
