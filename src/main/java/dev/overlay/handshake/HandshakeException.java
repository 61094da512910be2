package dev.overlay.handshake;

import dev.overlay.peer.Endpoint;
import java.util.List;

/** A handshake failed; {@link #failure()} says why, {@link #alternatives()} where else to try. */
public class HandshakeException extends RuntimeException {

    private final HandshakeFailure failure;
    private final String detail;
    private final List<Endpoint> alternatives;

    public HandshakeException(HandshakeFailure failure, String detail) {
        this(failure, detail, List.of());
    }

    public HandshakeException(HandshakeFailure failure, String detail, List<Endpoint> alternatives) {
        super(detail == null || detail.isBlank() ? failure.description() : failure.description() + ": " + detail,
                null, false, false);
        this.failure = failure;
        this.detail = detail == null || detail.isBlank() ? null : detail;
        this.alternatives = List.copyOf(alternatives);
    }

    public HandshakeFailure failure() {
        return failure;
    }

    /** The specific circumstances, without the failure's description; may be null. */
    public String detail() {
        return detail;
    }

    public List<Endpoint> alternatives() {
        return alternatives;
    }
}
