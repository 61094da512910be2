package dev.overlay.api;

import dev.overlay.config.OverlayProperties;
import dev.overlay.engine.RelayBridge;
import dev.overlay.relay.MessageListener;
import dev.overlay.relay.ReceivedMessage;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent-Events subscriptions to delivered messages. The relay thread only offers to each
 * subscriber's bounded queue and never waits; a subscriber that overflows it is dropped, so a slow
 * client can never slow the node.
 */
@Component
class MessageStreams extends StreamGroup<ReceivedMessage> {

    private final RelayBridge relay;

    @Autowired
    MessageStreams(RelayBridge relay, OverlayProperties properties) {
        this(relay, properties.relay().streamQueue(), properties.relay().maxStreamSubscribers());
    }

    MessageStreams(RelayBridge relay, int queueCapacity, int maxSubscribers) {
        super("/api/v1/messages/stream", queueCapacity, maxSubscribers, "overlay-sse");
        this.relay = relay;
    }

    SseEmitter subscribe(Optional<String> topic) {
        return subscribe(topic, new SseEmitter(0L));
    }

    SseEmitter subscribe(Optional<String> topic, SseEmitter emitter) {
        AtomicReference<MessageListener> listener = new AtomicReference<>();
        BoundedStream<ReceivedMessage> stream = open(emitter,
                m -> SseEmitter.event().id(m.message().id().hex()).name("message")
                        .data(MessageView.of(m), MediaType.APPLICATION_JSON),
                closed -> relay.removeListener(listener.get()));
        listener.set(message -> {
            if (topic.isEmpty() || topic.get().equals(message.message().topic())) {
                stream.offer(message);
            }
        });
        relay.addListener(listener.get());
        if (stream.isClosed()) {
            relay.removeListener(listener.get());
        }
        return emitter;
    }
}
