package dev.overlay.relay;

import java.util.concurrent.atomic.LongAdder;

/** Relay counters since start; monitoring exports them. Thread-safe. */
public final class RelayCounters {

    /** Every copy received from a peer. */
    public final LongAdder received = new LongAdder();
    /** Copies of messages already seen. */
    public final LongAdder duplicates = new LongAdder();
    /** First copies delivered locally, including our own publications. */
    public final LongAdder delivered = new LongAdder();
    /** Copies sent to peers. */
    public final LongAdder relayed = new LongAdder();
    /** Copies not sent because the peer squelched that origin. */
    public final LongAdder suppressed = new LongAdder();
    /** Copies not sent because the peer's send queue was over its bound. */
    public final LongAdder shed = new LongAdder();
    /** Withheld copies sent after all because the peer lifted its squelch. */
    public final LongAdder replayed = new LongAdder();
    /** Squelch requests sent to peers. */
    public final LongAdder squelchesSent = new LongAdder();
    /** Unsquelch requests sent to peers. */
    public final LongAdder unsquelchesSent = new LongAdder();
    /** Messages with a bad signature or shape. */
    public final LongAdder invalid = new LongAdder();
    /** Messages dropped as too old or from the future. */
    public final LongAdder expired = new LongAdder();
    /** Local delivery listeners that threw. */
    public final LongAdder listenerFailures = new LongAdder();
    /** Squelch requests ignored: not negotiated, or malformed. */
    public final LongAdder squelchesRefused = new LongAdder();
}
