package dev.overlay.api;

/**
 * Problem details exactly as the API answers them, for the examples Swagger UI shows (addresses
 * from the documentation ranges). Failures that have one form across the API (400, 401, and 404 of
 * other resources) get their examples from {@link OpenApiConventions}.
 */
final class ProblemExamples {

    static final String PEER_NOT_FOUND = """
            {"type": "urn:overlay:problem:peer-not-found", "title": "Peer not found", "status": 404,
             "detail": "no connected peer has node id 3f1a9c0d5be2477e8d16a4f0c2b93e5d7a0f6c1e9b84d2350a7e6f1c4d8b9a20",
             "instance": "/api/v1/peers/3f1a9c0d5be2477e8d16a4f0c2b93e5d7a0f6c1e9b84d2350a7e6f1c4d8b9a20"}""";

    static final String SELF_CONNECTION = """
            {"type": "urn:overlay:problem:handshake:self-connection",
             "title": "Handshake failed: connection to self", "status": 409,
             "detail": "connection to self: 198.51.100.20:51235", "instance": "/api/v1/peers",
             "reason": "self-connection"}""";

    static final String NETWORK_ID_MISMATCH = """
            {"type": "urn:overlay:problem:handshake:network-id-mismatch",
             "title": "Handshake failed: network id mismatch", "status": 502,
             "detail": "network id mismatch: expected 'test', got 'main'", "instance": "/api/v1/peers",
             "reason": "network-id-mismatch"}""";

    static final String SLOTS_FULL = """
            {"type": "urn:overlay:problem:handshake:slots-full", "title": "Handshake failed: slots full",
             "status": 503, "detail": "slots full: inbound slots full: 11 of 11", "instance": "/api/v1/peers",
             "reason": "slots-full", "alternatives": ["198.51.100.21:51235", "198.51.100.22:51235"]}""";

    static final String HANDSHAKE_TIMEOUT = """
            {"type": "urn:overlay:problem:handshake:handshake-timeout",
             "title": "Handshake failed: handshake timed out", "status": 504,
             "detail": "handshake timed out: no answer within 10000 ms", "instance": "/api/v1/peers",
             "reason": "handshake-timeout"}""";

    static final String TOO_MANY_SUBSCRIBERS = """
            {"type": "urn:overlay:problem:too-many-subscribers", "title": "Too many stream subscribers",
             "status": 503, "instance": "/api/v1/events", "detail": \
            "/api/v1/events already has 64 subscribers, the most overlay.relay.max-stream-subscribers allows; retry once one leaves"}""";

    private ProblemExamples() {
    }
}
