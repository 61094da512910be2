package dev.overlay.relay;

/**
 * What became of one copy of a message a peer sent: the transport charges the peer for the outcomes
 * that only a misbehaving peer causes, and for nothing that ordinary flooding redundancy causes.
 */
public enum CopyOutcome {
    /** The first copy: delivered and relayed. */
    DELIVERED,
    /** A copy of a message another peer delivered first: the mesh's normal redundancy. */
    DUPLICATE,
    /** A copy of a message this same peer had already sent: a correct node sends each message once. */
    REPEATED,
    /**
     * A copy of an origin this node squelched on that peer, arriving after the squelch has had time to
     * reach it (see {@link Relay#SQUELCH_GRACE}).
     */
    SQUELCH_IGNORED,
    /** Stamped outside the age limit by the time the relay thread took it. */
    EXPIRED,
    /** A bad signature, found when an id evicted from the seen-cache was verified late. */
    INVALID
}
