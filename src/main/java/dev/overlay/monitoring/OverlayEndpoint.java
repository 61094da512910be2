package dev.overlay.monitoring;

import dev.overlay.engine.NodeStatus;
import dev.overlay.engine.RelayBridge;
import dev.overlay.engine.ResourceGuard;
import dev.overlay.peer.ClosedPeer;
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

    private final NodeStatus status;
    private final PeerRegistry registry;
    private final RelayBridge relay;
    private final ResourceGuard resources;

    OverlayEndpoint(NodeStatus status, PeerRegistry registry, RelayBridge relay, ResourceGuard resources) {
        this.status = status;
        this.registry = registry;
        this.relay = relay;
        this.resources = resources;
    }

    @ReadOperation
    Map<String, Object> report() {
        SlotLimits limits = registry.limits();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("node", Map.of("nodeId", status.nodeId().hex(), "networkId", status.networkId(),
                "version", status.userAgent(), "peerPort", status.peerPort(),
                "uptimeSeconds", status.uptime().toSeconds(), "listening", status.isListening()));
        report.put("slots", Map.of("inbound", registry.inboundCount(), "outbound", registry.outboundCount(),
                "maxPeers", limits.maxPeers(), "outboundTarget", limits.outboundTarget(),
                "maxInbound", limits.maxInbound()));
        report.put("peers", registry.active().stream().sorted(Comparator.comparingLong(Peer::connectionId))
                .map(OverlayEndpoint::peer).toList());
        RelayCounters r = relay.counters();
        report.put("relay", Map.of("delivered", r.delivered.sum(), "received", r.received.sum(),
                "duplicates", r.duplicates.sum(), "relayed", r.relayed.sum(),
                "suppressed", r.suppressed.sum(), "shed", r.shed.sum(), "invalid", r.invalid.sum(),
                "squelchesSent", r.squelchesSent.sum(), "squelchesLifted", r.unsquelchesSent.sum()));
        ResourceCounters c = resources.manager().counters();
        report.put("resources", Map.of("warnings", c.warnings.sum(), "drops", c.drops.sum(),
                "bansActive", resources.manager().bans().size(),
                "refusedAtAccept", c.refusedBanned.sum() + c.refusedHandshakeQuota.sum()
                        + c.refusedAddressQuota.sum(),
                "pendingHandshakes", resources.pendingHandshakes()));
        report.put("topDisconnectReasons", topReasons(registry.recentlyClosed()));
        return report;
    }

    private static Map<String, Object> peer(Peer p) {
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
