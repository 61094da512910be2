package dev.overlay.api;

import dev.overlay.config.OverlayProperties;
import dev.overlay.engine.EngineListener;
import dev.overlay.engine.ListenerFanOut;
import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Peer;
import dev.overlay.peer.SourceAddress;
import dev.overlay.resource.Ban;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Lifecycle events as Server-Sent Events, so operators and applications are told of changes instead
 * of polling. Every subscriber has a bounded queue and is dropped if it falls behind.
 *
 * <p>Threading: engine callbacks arrive on event loops, the relay thread and API threads, and only
 * offer to the subscribers' bounded queues.
 */
@Component
class EventStreams extends StreamGroup<OverlayEvent> implements EngineListener {

    private final Clock clock;

    EventStreams(ListenerFanOut listeners, OverlayProperties properties, Clock clock) {
        super("/api/v1/events", properties.relay().streamQueue(), properties.relay().maxStreamSubscribers(),
                "overlay-events");
        this.clock = clock;
        listeners.add(this);
    }

    SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(0L);
        open(emitter, event -> SseEmitter.event().name(event.type()).data(event, MediaType.APPLICATION_JSON),
                closed -> { });
        return emitter;
    }

    private void publish(String type, Map<String, Object> details) {
        if (streams().isEmpty()) {
            return;
        }
        OverlayEvent event = new OverlayEvent(type, clock.instant(), details);
        streams().forEach(stream -> stream.offer(event));
    }

    private static Map<String, Object> peer(Peer peer) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("nodeId", peer.nodeId().map(NodeId::hex).orElse(null));
        details.put("direction", peer.direction().name().toLowerCase(Locale.ROOT));
        details.put("remoteAddress", peer.remoteAddress().toString());
        return details;
    }

    @Override
    public void peerActivated(Peer peer) {
        publish("peer-activated", peer(peer));
    }

    @Override
    public void peerClosed(Peer peer) {
        if (peer.activeSince().isEmpty()) {
            return;
        }
        Map<String, Object> details = peer(peer);
        peer.disconnect().ifPresent(d -> {
            details.put("reason", d.reason().name().toLowerCase(Locale.ROOT));
            details.put("closedBy", d.origin().name().toLowerCase(Locale.ROOT));
            details.put("detail", d.detail());
        });
        publish("peer-disconnected", details);
    }

    @Override
    public void handshakeRejected(HandshakeFailure failure, String remoteAddress) {
        Map<String, Object> details = Map.of("reason", failure.code(), "remote", remoteAddress);
        publish(failure == HandshakeFailure.SLOTS_FULL ? "slots-full" : "handshake-rejected", details);
    }

    @Override
    public void banAdded(Ban ban) {
        publish("ban-added", Map.of("address", ban.address().toString(), "until", ban.until().toString(),
                "reason", ban.reason()));
    }

    @Override
    public void banLifted(SourceAddress address) {
        publish("ban-lifted", Map.of("address", address.toString()));
    }

    @Override
    public void squelchChanged(NodeId peer, NodeId origin, boolean on) {
        publish(on ? "squelch-sent" : "squelch-lifted", Map.of("peer", peer.hex(), "origin", origin.hex()));
    }
}
