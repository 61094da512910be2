package dev.overlay.handshake;

/** Header names of the upgrade request and response (docs/PROTOCOL.md). */
public final class HandshakeHeaders {

    public static final String NETWORK_ID = "X-Network-Id";
    public static final String NODE_PUBLIC_KEY = "X-Node-Public-Key";
    public static final String INSTANCE_COOKIE = "X-Instance-Cookie";
    public static final String NETWORK_TIME = "X-Network-Time";
    public static final String LISTEN_PORT = "X-Listen-Port";
    public static final String ADVERTISED_ENDPOINT = "X-Advertised-Endpoint";
    public static final String PROTOCOL_CTL = "X-Protocol-Ctl";
    public static final String REJECT_REASON = "X-Reject-Reason";

    private HandshakeHeaders() {
    }
}
