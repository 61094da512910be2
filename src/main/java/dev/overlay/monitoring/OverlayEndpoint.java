package dev.overlay.monitoring;

import dev.overlay.engine.OverlayEngine;
import dev.overlay.peer.ClosedPeer;
import dev.overlay.sync.MessageLog;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.peer.SlotLimits;
import dev.overlay.relay.RelayCounters;
import dev.overlay.resource.ResourceCounters;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/** {@code /actuator/overlay}: everything an operator wants at a glance, in one document. */
@Component
@Endpoint(id = "overlay")
class OverlayEndpoint {

    private final OverlayEngine engine;

    OverlayEndpoint(OverlayEngine engine) {
        this.engine = engine;
    }

    @ReadOperation
    Map<String, Object> report() {
        PeerRegistry registry = engine.registry();
        SlotLimits limits = registry.limits();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("node", Map.of("nodeId", engine.nodeId().hex(), "networkId", engine.settings().networkId(),
                "version", engine.settings().userAgent(), "peerPort", engine.peerPort(),
                "uptimeSeconds", engine.uptime().toSeconds(), "listening", engine.isListening()));
        report.put("slots", Map.of("inbound", registry.inboundCount(), "outbound", registry.outboundCount(),
                "maxPeers", limits.maxPeers(), "outboundTarget", limits.outboundTarget(),
                "maxInbound", limits.maxInbound()));
        report.put("peers", registry.active().stream().sorted(Comparator.comparingLong(Peer::connectionId))
                .map(this::peer).toList());
        RelayCounters relay = engine.relay().counters();
        report.put("relay", Map.of("delivered", relay.delivered.sum(), "received", relay.received.sum(),
                "duplicates", relay.duplicates.sum(), "relayed", relay.relayed.sum(),
                "suppressed", relay.suppressed.sum(), "shed", relay.shed.sum(), "invalid", relay.invalid.sum(),
                "squelchesSent", relay.squelchesSent.sum(), "squelchesLifted", relay.unsquelchesSent.sum()));
        ResourceCounters resources = engine.resources().manager().counters();
        report.put("resources", Map.of("warnings", resources.warnings.sum(), "drops", resources.drops.sum(),
                "bansActive", engine.resources().manager().bans().size(),
                "refusedAtAccept", resources.refusedBanned.sum() + resources.refusedHandshakeQuota.sum()
                        + resources.refusedAddressQuota.sum(),
                "pendingHandshakes", engine.resources().pendingHandshakes()));
        MessageLog log = engine.sync().log();
        Map<String, Object> sync = new LinkedHashMap<>();
        sync.put("enabled", engine.sync().settings().enabled());
        sync.put("logMessages", log.size());
        sync.put("logBytes", log.bytes());
        sync.put("logOldest", log.oldest().map(m -> m.message().timestamp().toString()).orElse(null));
        sync.put("totals", engine.sync().totals());
        report.put("sync", sync);
        report.put("topDisconnectReasons", topReasons(registry.recentlyClosed()));
        return report;
    }

    private Map<String, Object> peer(Peer p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("nodeId", p.nodeId().map(Object::toString).orElse(null));
        view.put("direction", p.direction().name().toLowerCase());
        view.put("endpoint", p.listeningEndpoint().map(Object::toString).orElse(p.remoteAddress().toString()));
        view.put("latencyMillis", p.latency().map(Duration::toMillis).orElse(null));
        view.put("messagesIn", p.messagesIn());
        view.put("messagesOut", p.messagesOut());
        view.put("bytesIn", p.bytesIn());
        view.put("bytesOut", p.bytesOut());
        view.put("queuedBytes", p.queuedBytes());
        view.put("sync", p.nodeId().flatMap(engine.sync()::stats).orElse(null));
        return view;
    }

    private static Map<String, Long> topReasons(List<ClosedPeer> closed) {
        return closed.stream()
                .collect(Collectors.groupingBy(c -> c.disconnect().reason(), Collectors.counting()))
                .entrySet().stream()
                .sorted(Map.Entry.<DisconnectReason, Long>comparingByValue().reversed())
                .limit(5)
                .collect(Collectors.toMap(e -> e.getKey().name().toLowerCase(), Map.Entry::getValue, (a, b) -> a,
                        LinkedHashMap::new));
    }
}
