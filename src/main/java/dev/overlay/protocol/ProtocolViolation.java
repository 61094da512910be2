package dev.overlay.protocol;

/** Ways a peer's frame stream can break the protocol; each one ends the connection. */
public enum ProtocolViolation {
    FRAME_TOO_LARGE,
    UNKNOWN_MESSAGE_TYPE,
    MALFORMED_FRAME,
    MALFORMED_BODY
}
