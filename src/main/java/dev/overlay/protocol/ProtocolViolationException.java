package dev.overlay.protocol;

/** Thrown by the frame decoder when a peer breaks the wire format. */
public class ProtocolViolationException extends RuntimeException {

    private final ProtocolViolation violation;

    public ProtocolViolationException(ProtocolViolation violation, String detail) {
        super(detail, null, false, false);
        this.violation = violation;
    }

    public ProtocolViolation violation() {
        return violation;
    }
}
