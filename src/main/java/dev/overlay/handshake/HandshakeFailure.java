package dev.overlay.handshake;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every way a handshake can fail. Reasons with an HTTP status are answered by the accepting side in a
 * response with that status and an {@code X-Reject-Reason: <code>} header; the others are observed
 * locally by the dialing side.
 */
public enum HandshakeFailure {
    MALFORMED_REQUEST(400, "malformed-request", "malformed request"),
    NO_CLIENT_CERTIFICATE(403, "no-client-certificate", "no client certificate"),
    CERTIFICATE_BINDING_INVALID(403, "certificate-binding-invalid", "certificate binding invalid"),
    PUBLIC_KEY_MISMATCH(403, "public-key-mismatch", "public key does not match certificate"),
    NETWORK_ID_MISMATCH(403, "network-id-mismatch", "network id mismatch"),
    NO_COMMON_VERSION(426, "no-common-version", "no common protocol version"),
    CLOCK_SKEW(400, "clock-skew", "clock skew too large"),
    SELF_CONNECTION(409, "self-connection", "connection to self"),
    DUPLICATE_CONNECTION(409, "duplicate-connection", "already connected"),
    SLOTS_FULL(503, "slots-full", "slots full"),
    HANDSHAKE_TIMEOUT(408, "handshake-timeout", "handshake timed out"),
    BANNED(0, "banned", "the address is banned here"),
    CONNECT_FAILED(0, "connect-failed", "connection failed"),
    TLS_FAILED(0, "tls-failed", "TLS handshake failed"),
    UNEXPECTED_RESPONSE(0, "unexpected-response", "unexpected handshake response"),
    CONNECTION_CLOSED(0, "connection-closed", "connection closed during handshake"),
    SHUTTING_DOWN(0, "shutting-down", "node is shutting down");

    private final int httpStatus;
    private final String code;
    private final String description;

    HandshakeFailure(int httpStatus, String code, String description) {
        this.httpStatus = httpStatus;
        this.code = code;
        this.description = description;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    public static Optional<HandshakeFailure> ofCode(String code) {
        return Arrays.stream(values()).filter(f -> f.code.equals(code)).findFirst();
    }
}
