package dev.overlay.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** This node, as {@code GET /api/v1/node} shows it. */
public record NodeView(
        @Schema(description = "Node id: hex of the Ed25519 public key") String nodeId,
        @Schema(description = "Ed25519 public key, base64") String publicKey,
        String networkId,
        @Schema(description = "Address and port the peer port is bound to", example = "0.0.0.0:51235")
        String peerEndpoint,
        @Schema(description = "Where peers are told to reach this node (overlay.advertised-endpoint); null when"
                + " unset, and peers then combine the connection's address with the bound port",
                example = "203.0.113.5:61235") String advertisedEndpoint,
        @Schema(example = "overlay-node/0.1.0") String version,
        long uptimeSeconds,
        PeerCounts peers) {

    /** Peer counts by state and direction. */
    public record PeerCounts(int active, int inbound, int outbound, int handshaking, int maxPeers) {
    }
}
