package dev.overlay.api;

import dev.overlay.config.OverlayProperties;
import dev.overlay.engine.OverlayEngine;
import dev.overlay.relay.MessageListener;
import dev.overlay.relay.ReceivedMessage;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * <p>Threading: the set of open subscribers is a concurrent set; each subscriber's own threading rule
 * is stated on it.
 */
@Component
class MessageStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MessageStreams.class);

    private final OverlayEngine engine;
    private final int queueCapacity;
    private final ExecutorService senders = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "overlay-sse");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Subscriber> open = ConcurrentHashMap.newKeySet();
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
        Subscriber subscriber = new Subscriber(emitter, topic);
        emitter.onCompletion(subscriber::close);
        emitter.onTimeout(subscriber::close);
        emitter.onError(error -> subscriber.close());
        open.add(subscriber);
        try {
            // Commits the response headers at once, so clients see the stream open before the first message.
            emitter.send(SseEmitter.event().comment("subscribed"));
        } catch (IOException e) {
            subscriber.close();
            return emitter;
        }
        engine.relay().addListener(subscriber);
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
        for (Subscriber subscriber : open) {
            subscriber.close();
            subscriber.emitter.complete();
        }
        senders.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * One stream. Threading: {@link #onMessage} runs on the relay thread and only offers to the queue;
     * {@link #drain} runs on a sender thread, never twice at once (guarded by {@link #draining}).
     */
    private final class Subscriber implements MessageListener {

        private final SseEmitter emitter;
        private final Optional<String> topic;
        private final BlockingQueue<ReceivedMessage> queue = new ArrayBlockingQueue<>(queueCapacity);
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();

        Subscriber(SseEmitter emitter, Optional<String> topic) {
            this.emitter = emitter;
            this.topic = topic;
        }

        @Override
        public void onMessage(ReceivedMessage message) {
            if (topic.isPresent() && !topic.get().equals(message.message().topic())) {
                return;
            }
            if (!queue.offer(message)) {
                log.info("Dropping a message stream subscriber: {} messages behind", queueCapacity);
                close();
                emitter.completeWithError(new IOException("subscriber too slow"));
                return;
            }
            if (draining.compareAndSet(false, true)) {
                senders.execute(this::drain);
            }
        }

        private void drain() {
            while (!closed.get()) {
                ReceivedMessage next = queue.poll();
                if (next == null) {
                    draining.set(false);
                    if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                try {
                    emitter.send(SseEmitter.event().id(next.message().id().hex()).name("message")
                            .data(MessageView.of(next), MediaType.APPLICATION_JSON));
                } catch (IOException | IllegalStateException e) {
                    close();
                    return;
                }
            }
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                engine.relay().removeListener(this);
                open.remove(this);
            }
        }
    }
}
