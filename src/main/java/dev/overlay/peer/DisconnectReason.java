package dev.overlay.peer;

import java.util.Arrays;

/**
 * Why a connection ended. The code travels in the {@code Close} frame; the table is part of the wire
 * protocol (docs/PROTOCOL.md), so codes are never reused.
 */
public enum DisconnectReason {
    UNSPECIFIED(0, "unspecified"),
    ADMIN(1, "admin"),
    SHUTDOWN(2, "shutdown"),
    DUPLICATE_CONNECTION(3, "duplicate connection"),
    FRAME_TOO_LARGE(4, "frame too large"),
    UNKNOWN_MESSAGE_TYPE(5, "unknown message type"),
    MALFORMED_FRAME(6, "malformed frame"),
    MALFORMED_BODY(7, "malformed body"),
    PING_TIMEOUT(8, "ping timeout"),
    /** Local only: the transport failed or the peer went away without a {@code Close}. */
    CONNECTION_LOST(9, "connection lost"),
    /** Local only: the connection never got past the handshake; the detail names the failure. */
    HANDSHAKE_FAILED(10, "handshake failed"),
    /** The peer's load balance crossed the drop threshold; its address is banned. */
    RESOURCE(11, "resource"),
    /** The peer did not read what it was sent for too long. */
    SLOW(12, "slow"),
    /** The longest-held outbound peer, closed to make room for a newer one (outbound rotation). */
    ROTATED(13, "rotated");

    private final int code;
    private final String description;

    DisconnectReason(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    public static DisconnectReason ofCode(int code) {
        return Arrays.stream(values()).filter(r -> r.code == code).findFirst().orElse(UNSPECIFIED);
    }
}
