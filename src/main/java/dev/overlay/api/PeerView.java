package dev.overlay.api;

import dev.overlay.engine.SyncBridge;
import dev.overlay.engine.SyncPeerStats;
import dev.overlay.peer.Direction;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A peer as the API shows it. */
@Schema(description = "A connection to another node")
public record PeerView(
        @Schema(description = "Remote node id (hex Ed25519 public key); null while handshaking",
                example = "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29")
        String nodeId,
        PeerState state,
        Direction direction,
        @Schema(description = "Remote socket address", example = "10.0.0.7:40512") String remoteAddress,
        @Schema(description = "Where the peer accepts connections, if it does", example = "10.0.0.7:51235")
        String listeningEndpoint,
        @Schema(example = "OVL/1.0") String protocol,
        @Schema(description = "Negotiated optional features") List<String> features,
        @Schema(example = "overlay-node/0.1.0") String userAgent,
        Instant connectedSince,
        @Schema(description = "Smoothed ping round-trip time in milliseconds") Double latencyMillis,
        @Schema(description = "Frames received") long messagesIn,
        @Schema(description = "Frames queued to send") long messagesOut,
        @Schema(description = "Bytes read from the connection's socket: its TLS handshake and upgrade, then"
                + " frames as TLS records") long bytesIn,
        @Schema(description = "Bytes written to the connection's socket: its TLS handshake and upgrade, then"
                + " frames as TLS records") long bytesOut,
        @Schema(description = "Outbound bytes queued for this peer now") long queuedBytes,
        @Schema(description = "Messages from this peer with a bad signature or shape") long invalidMessages,
        @Schema(description = "Reconciliation with this peer on this connection; null unless both negotiated sync=1")
        SyncPeerStats.View sync) {

    static PeerView of(Peer peer, SyncBridge sync) {
        return new PeerView(
                peer.nodeId().map(Object::toString).orElse(null),
                peer.state(),
                peer.direction(),
                peer.remoteAddress().toString(),
                peer.listeningEndpoint().map(Object::toString).orElse(null),
                peer.protocol().map(p -> p.version()).orElse(null),
                peer.protocol().map(p -> p.features().stream().sorted().toList()).orElse(List.of()),
                peer.userAgent().orElse(null),
                peer.activeSince().orElse(null),
                peer.latency().map(d -> d.toNanos() / 1_000_000.0).orElse(null),
                peer.messagesIn(),
                peer.messagesOut(),
                peer.bytesIn(),
                peer.bytesOut(),
                peer.queuedBytes(),
                peer.invalidMessages(),
                peer.nodeId().flatMap(sync::stats).orElse(null));
    }
}
