package dev.overlay.api;

import dev.overlay.config.OverlayProperties;
import dev.overlay.engine.RelayBridge;
import dev.overlay.relay.MessageId;
import dev.overlay.relay.MessageListener;
import dev.overlay.sync.LoggedMessage;
import dev.overlay.sync.MessageLog;
import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
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
 *
 * <p>A subscriber that sends {@code Last-Event-ID} resumes: it gets the messages logged after that id,
 * from the message log at its own pace, then the live ones. Both come in log order, so one rule keeps
 * every message to once: an item at or before the last one sent is skipped (a live message logged
 * while the replay ran is in both). Messages the log did not take (none, normally) are sent as they come.
 */
@Component
class MessageStreams extends StreamGroup<LoggedMessage> {

    static final String RESET_EVENT = "reset";
    private final RelayBridge relay;
    private final MessageLog log;

    @Autowired
    MessageStreams(RelayBridge relay, MessageLog log, OverlayProperties properties) {
        this(relay, log, properties.relay().streamQueue(), properties.relay().maxStreamSubscribers());
    }

    MessageStreams(RelayBridge relay, MessageLog log, int queueCapacity, int maxSubscribers) {
        super("/api/v1/messages/stream", queueCapacity, maxSubscribers, "overlay-sse");
        this.relay = relay;
        this.log = log;
    }

    SseEmitter subscribe(Optional<String> topic, Optional<String> lastEventId) {
        return subscribe(topic, lastEventId, new SseEmitter(0L));
    }

    SseEmitter subscribe(Optional<String> topic, SseEmitter emitter) {
        return subscribe(topic, Optional.empty(), emitter);
    }

    SseEmitter subscribe(Optional<String> topic, Optional<String> lastEventId, SseEmitter emitter) {
        long[] lastSent = {0};
        AtomicReference<MessageListener> listener = new AtomicReference<>();
        BoundedStream<LoggedMessage> stream = open(emitter, m -> {
            if (m.seq() > 0 && m.seq() <= lastSent[0]) {
                return null;
            }
            lastSent[0] = Math.max(lastSent[0], m.seq());
            return SseEmitter.event().id(m.message().id().hex()).name("message")
                    .data(MessageView.of(m.received()), MediaType.APPLICATION_JSON);
        }, closed -> relay.removeListener(listener.get()));
        Optional<Long> resumeAfter = lastEventId.map(id -> resumePoint(log, id, emitter));
        listener.set(message -> {
            if (topic.isEmpty() || topic.get().equals(message.message().topic())) {
                stream.offer(log.find(message.message().id()).orElse(new LoggedMessage(0, message)));
            }
        });
        relay.addListener(listener.get());
        if (stream.isClosed()) {
            relay.removeListener(listener.get());
        }
        Iterator<LoggedMessage> replay = resumeAfter.map(log::after).orElse(Collections.emptyIterator());
        stream.replay(topic.isEmpty() ? replay : filtered(replay, topic.get()));
        return emitter;
    }

    /**
     * The seq to replay after: that of the message named, or 0 (the whole log) with a {@code reset}
     * event first if the log does not hold it, so the client knows it may have missed messages.
     */
    private static long resumePoint(MessageLog log, String lastEventId, SseEmitter emitter) {
        Optional<LoggedMessage> known;
        try {
            known = log.find(MessageId.parse(lastEventId));
        } catch (IllegalArgumentException e) {
            known = Optional.empty();
        }
        if (known.isPresent()) {
            return known.get().seq();
        }
        Map<String, Object> reset = new LinkedHashMap<>();
        reset.put("lastEventId", lastEventId);
        reset.put("reason", "not in the message log: unknown, or older than the retention of "
                + log.limits().retention() + "; replaying the whole log, which may repeat messages already seen");
        reset.put("replayFrom", log.first().map(m -> m.message().id().hex()).orElse(null));
        try {
            emitter.send(SseEmitter.event().name(RESET_EVENT).data(reset, MediaType.APPLICATION_JSON));
        } catch (IOException e) {
            // The client left; the stream ends on its first send.
        }
        return 0;
    }

    private static Iterator<LoggedMessage> filtered(Iterator<LoggedMessage> all, String topic) {
        return new Iterator<>() {
            private LoggedMessage next = advance();

            private LoggedMessage advance() {
                while (all.hasNext()) {
                    LoggedMessage m = all.next();
                    if (m.message().topic().equals(topic)) {
                        return m;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public LoggedMessage next() {
                LoggedMessage current = next;
                next = advance();
                return current;
            }
        };
    }
}
