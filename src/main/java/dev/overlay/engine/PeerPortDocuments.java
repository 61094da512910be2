package dev.overlay.engine;

import dev.overlay.peer.Peer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents the peer port serves without an upgrade: {@code GET /health} and
 * {@code GET /crawl}. Built fresh per request from the engine's live state.
 */
final class PeerPortDocuments {

    private final OverlayEngine engine;

    PeerPortDocuments(OverlayEngine engine) {
        this.engine = engine;
    }

    Map<String, Object> health() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", engine.isHealthy() ? "UP" : "DOWN");
        doc.put("listening", engine.isListening());
        doc.put("activePeers", engine.registry().activeCount());
        doc.put("minPeers", engine.settings().minPeers());
        return doc;
    }

    Map<String, Object> crawl() {
        Instant now = engine.clock().instant();
        List<Map<String, Object>> peers = engine.registry().active().stream().map(p -> peerEntry(p, now)).toList();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("nodeId", engine.nodeId().hex());
        if (engine.settings().advertisedEndpoint() != null) {
            doc.put("endpoint", engine.settings().advertisedEndpoint().toString());
        }
        doc.put("networkId", engine.settings().networkId());
        doc.put("version", engine.settings().userAgent());
        doc.put("uptimeSeconds", engine.uptime().toSeconds());
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
