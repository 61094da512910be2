package dev.overlay.handshake;

/** The result of a successful handshake check: what both sides will speak. */
public record Negotiation(ProtocolVersion version, FeatureSet features) {
}
