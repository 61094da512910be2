package dev.overlay.handshake;

import java.util.List;
import java.util.function.Function;

/** Header names of the upgrade request and response (docs/PROTOCOL.md), and how their values are looked up. */
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

    /**
     * A lookup of single header values over {@code all}, which lists every value of a (case-insensitive)
     * name. Looking up a header that appears more than once is a malformed request: with two
     * {@code X-Node-Public-Key}s, say, which one counts would be up to the implementation, and two
     * implementations that chose differently would disagree on who the peer is.
     */
    public static Function<String, String> single(Function<String, List<String>> all) {
        return name -> {
            List<String> values = all.apply(name);
            if (values.size() > 1) {
                throw new HandshakeException(HandshakeFailure.MALFORMED_REQUEST,
                        name + " header appears " + values.size() + " times, at most once allowed");
            }
            return values.isEmpty() ? null : values.get(0);
        };
    }
}
