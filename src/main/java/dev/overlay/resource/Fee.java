package dev.overlay.resource;

/**
 * What a peer is charged for each kind of misbehaviour, in balance units (rippled's scale: warning at
 * 5000, drop at 25000 by default). The balance decays, so occasional mistakes are forgiven and only
 * sustained abuse crosses the thresholds.
 */
public enum Fee {
    /** A frame whose header breaks the format (bad flags). */
    MALFORMED_FRAME(200),
    /** A frame body that does not parse. */
    UNDECODABLE_BODY(400),
    /** A frame over the size limit. */
    OVERSIZED_FRAME(400),
    /** A frame of an unknown type. */
    UNKNOWN_MESSAGE_TYPE(200),
    /** A message whose signature does not verify. */
    INVALID_SIGNATURE(2000),
    /** A message with a malformed field (bad origin, topic, payload size). */
    INVALID_DATA(400),
    /** Data nobody asked for, or gossip sent too often or too large. */
    USELESS_DATA(150),
    /** An endpoint entry in gossip that is malformed, unroutable or too far away. */
    BAD_ENDPOINT(50),
    /**
     * A copy of a message the same peer had already sent. A correct node sends each message to each
     * peer once; copies of one message from different peers are the mesh's normal redundancy and free.
     */
    REPEATED_MESSAGE(50),
    /**
     * A message stamped further from our clock than the age limit plus the allowed clock skew: the
     * peer's own clock would have made it drop the message, so relaying it is the peer's fault.
     */
    STALE_MESSAGE(50),
    /** A copy of an origin we squelched on the peer, sent after the squelch had time to reach it. */
    SQUELCH_IGNORED(50),
    /** A handshake that failed on the remote side's account. */
    HANDSHAKE_FAILURE(200);

    private final int cost;

    Fee(int cost) {
        this.cost = cost;
    }

    public int cost() {
        return cost;
    }
}
