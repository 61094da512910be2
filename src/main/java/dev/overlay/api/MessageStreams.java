package dev.overlay.api;

import dev.overlay.config.OverlayProperties;
import dev.overlay.engine.OverlayEngine;
import dev.overlay.relay.MessageListener;
import dev.overlay.relay.ReceivedMessage;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent-Events subscriptions to delivered messages. Each subscriber has a bounded queue: the
 * relay thread only offers to it and never waits, and a subscriber whose queue overflows is dropped,
 * so a slow client can never slow the node. On shutdown every stream is completed first, so open
 * streams do not hold up the web server's graceful drain.
 *
 * <p>Threading: the set of open streams is a concurrent set; each stream's threading rule is stated
 * on {@link BoundedStream}.
 */
@Component
class MessageStreams implements SmartLifecycle {

    private final OverlayEngine engine;
    private final int queueCapacity;
    private final ExecutorService senders = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "overlay-sse");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<BoundedStream<ReceivedMessage>> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    @Autowired
    MessageStreams(OverlayEngine engine, OverlayProperties properties) {
        this(engine, properties.relay().streamQueue());
    }

    MessageStreams(OverlayEngine engine, int queueCapacity) {
        this.engine = engine;
        this.queueCapacity = queueCapacity;
    }

    SseEmitter subscribe(Optional<String> topic) {
        return subscribe(topic, new SseEmitter(0L));
    }

    SseEmitter subscribe(Optional<String> topic, SseEmitter emitter) {
        AtomicReference<MessageListener> listener = new AtomicReference<>();
        BoundedStream<ReceivedMessage> stream = new BoundedStream<>(emitter, queueCapacity, senders,
                m -> SseEmitter.event().id(m.message().id().hex()).name("message")
                        .data(MessageView.of(m), MediaType.APPLICATION_JSON),
                closed -> {
                    engine.relay().removeListener(listener.get());
                    open.remove(closed);
                });
        listener.set(message -> {
            if (topic.isEmpty() || topic.get().equals(message.message().topic())) {
                stream.offer(message);
            }
        });
        open.add(stream);
        if (stream.open()) {
            engine.relay().addListener(listener.get());
        }
        return emitter;
    }

    int openStreams() {
        return open.size();
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every stream before the web server drains its requests (this runs in an earlier phase). */
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
