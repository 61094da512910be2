package dev.overlay.peer;

/** Life of one connection, in order; a connection only ever moves forward. */
public enum PeerState {
    /** TCP connect in progress (outbound only). */
    CONNECTING,
    /** TLS and HTTP upgrade in progress. */
    HANDSHAKING,
    /** Upgraded; frames flow. */
    ACTIVE,
    /** A disconnect was decided; the close is being flushed. */
    CLOSING,
    /** Gone; kept only in the recently-closed list. */
    CLOSED
}
