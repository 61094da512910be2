package dev.overlay.engine;

/** Handler names in a peer channel's pipeline, before and after the upgrade. */
final class PipelineNames {

    static final String TOTAL_SHAPER = "total-shaper";
    static final String PEER_SHAPER = "peer-shaper";
    static final String WIRE_BYTES = "wire-bytes";
    static final String HANDSHAKE_BYTES = "handshake-bytes";
    static final String TLS = "tls";
    static final String HTTP = "http";
    static final String AGGREGATOR = "aggregator";
    static final String HANDSHAKE_MESSAGES = "handshake-messages";
    static final String HANDSHAKE = "handshake";
    static final String FRAME_DECODER = "frame-decoder";
    static final String FRAME_ENCODER = "frame-encoder";
    static final String PEER = "peer";

    private PipelineNames() {
    }
}
