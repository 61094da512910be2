package dev.overlay.discovery;

import java.util.concurrent.atomic.LongAdder;

/** Discovery counters since start; monitoring exports them. Thread-safe. */
public final class DiscoveryCounters {

    /** Endpoints messages received. */
    public final LongAdder gossipReceived = new LongAdder();
    /** Endpoint entries dropped as malformed, unroutable, self or too many hops away. */
    public final LongAdder endpointsDropped = new LongAdder();
    /** Endpoints messages from a peer that sent them too often or too large. */
    public final LongAdder gossipFloods = new LongAdder();
    /** Outbound connection attempts made by autoconnect. */
    public final LongAdder dials = new LongAdder();
    /** Redirect endpoints received from full nodes. */
    public final LongAdder redirects = new LongAdder();
    /** Outbound peers replaced by a random address-book endpoint (outbound rotation). */
    public final LongAdder rotations = new LongAdder();
}
