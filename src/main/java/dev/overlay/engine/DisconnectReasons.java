package dev.overlay.engine;

import dev.overlay.peer.DisconnectReason;
import dev.overlay.protocol.ProtocolViolation;
import dev.overlay.resource.Fee;

/** Maps wire-format violations to the disconnect reason the peer is told and the fee it is charged. */
final class DisconnectReasons {

    private DisconnectReasons() {
    }

    static Fee feeOf(ProtocolViolation violation) {
        return switch (violation) {
            case FRAME_TOO_LARGE -> Fee.OVERSIZED_FRAME;
            case UNKNOWN_MESSAGE_TYPE -> Fee.UNKNOWN_MESSAGE_TYPE;
            case MALFORMED_FRAME -> Fee.MALFORMED_FRAME;
            case MALFORMED_BODY -> Fee.UNDECODABLE_BODY;
        };
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
