package dev.overlay.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open Server-Sent-Events streams of one kind, their sender threads, and their end at shutdown:
 * every stream is completed before the web server drains its requests (this lifecycle stops in an
 * earlier phase), so open streams never hold up a graceful stop.
 *
 * <p>Threading: the set of streams is concurrent; see {@link BoundedStream} for each stream's rule.
 */
abstract class StreamGroup<T> implements SmartLifecycle {

    private final int queueCapacity;
    private final Set<BoundedStream<T>> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService senders;
    private volatile boolean running;

    StreamGroup(int queueCapacity, String threadName) {
        this.queueCapacity = queueCapacity;
        this.senders = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Opens a stream on {@code emitter}; {@code onClose} runs once when it ends for any reason. */
    BoundedStream<T> open(SseEmitter emitter, Function<T, SseEmitter.SseEventBuilder> format,
                          Consumer<BoundedStream<T>> onClose) {
        BoundedStream<T> stream = new BoundedStream<>(emitter, queueCapacity, senders, format, closed -> {
            open.remove(closed);
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

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        open.forEach(BoundedStream::complete);
        senders.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
