package dev.overlay.engine;

import dev.overlay.peer.DisconnectReason;
import dev.overlay.protocol.ProtocolViolation;

/** Maps wire-format violations to the disconnect reason the peer is told. */
final class DisconnectReasons {

    private DisconnectReasons() {
    }

    static DisconnectReason of(ProtocolViolation violation) {
        return switch (violation) {
            case FRAME_TOO_LARGE -> DisconnectReason.FRAME_TOO_LARGE;
            case UNKNOWN_MESSAGE_TYPE -> DisconnectReason.UNKNOWN_MESSAGE_TYPE;
            case MALFORMED_FRAME -> DisconnectReason.MALFORMED_FRAME;
            case MALFORMED_BODY -> DisconnectReason.MALFORMED_BODY;
        };
    }
}
