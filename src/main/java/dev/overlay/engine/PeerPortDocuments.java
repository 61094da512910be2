package dev.overlay.engine;

import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents the peer port serves without an upgrade: {@code GET /health} and
 * {@code GET /crawl}. Built fresh per request from the node's live state.
 *
 * <p>Threading: stateless; reads thread-safe sources from the event loop that answers.
 */
final class PeerPortDocuments {

    private final NodeStatus status;
    private final PeerRegistry registry;

    PeerPortDocuments(NodeStatus status, PeerRegistry registry) {
        this.status = status;
        this.registry = registry;
    }

    boolean healthy() {
        return status.isHealthy();
    }

    Map<String, Object> health() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", status.isHealthy() ? "UP" : "DOWN");
        doc.put("listening", status.isListening());
        doc.put("activePeers", registry.activeCount());
        doc.put("minPeers", status.minPeers());
        return doc;
    }

    Map<String, Object> crawl() {
        Instant now = status.now();
        List<Map<String, Object>> peers = registry.active().stream().map(p -> peerEntry(p, now)).toList();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("nodeId", status.nodeId().hex());
        status.advertisedEndpoint().ifPresent(endpoint -> doc.put("endpoint", endpoint.toString()));
        doc.put("networkId", status.networkId());
        doc.put("version", status.userAgent());
        doc.put("uptimeSeconds", status.uptime().toSeconds());
        doc.put("activePeers", peers.size());
        doc.put("peers", peers);
        return doc;
    }

    private static Map<String, Object> peerEntry(Peer peer, Instant now) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("nodeId", peer.nodeId().map(Object::toString).orElse(null));
        entry.put("direction", peer.direction().name().toLowerCase());
        peer.listeningEndpoint().ifPresent(e -> entry.put("endpoint", e.toString()));
        peer.protocol().ifPresent(p -> entry.put("protocol", p.version()));
        peer.userAgent().ifPresent(ua -> entry.put("version", ua));
        peer.activeSince().ifPresent(since -> entry.put("uptimeSeconds", Duration.between(since, now).toSeconds()));
        return entry;
    }
}
