package dev.overlay.relay;

import java.time.Duration;
import java.time.Instant;

/**
 * Relay and squelch limits (the {@code overlay.relay.*} properties).
 *
 * @param squelchEnabled whether this node asks peers to squelch and offers the feature
 * @param selectedPeers source peers kept per origin once squelching starts
 * @param selectionThreshold first deliveries of an origin counted before sources are selected
 * @param minSquelchDuration lower bound of a squelch's random duration
 * @param maxSquelchDuration upper bound of a squelch's random duration
 * @param idleTimeout a selected source silent this long while its origin publishes (copies from
 *     other peers, or messages recovered by reconciliation) is replaced
 * @param replayWindow copies withheld from a squelching peer this recently are sent when it unsquelches
 * @param seenCacheEntries most message ids remembered
 * @param seenCacheAge how long a message id is remembered
 * @param maxMessageAge messages older than this (or this far in the future) are dropped; at most half the
 *     seen-cache age, since a message stamped that far ahead stays acceptable for twice this long
 * @param maxHops a message that has travelled this many hops is delivered but not relayed further
 * @param maxPayloadSize largest accepted payload in bytes
 */
public record RelaySettings(
        boolean squelchEnabled,
        int selectedPeers,
        int selectionThreshold,
        Duration minSquelchDuration,
        Duration maxSquelchDuration,
        Duration idleTimeout,
        Duration replayWindow,
        int seenCacheEntries,
        Duration seenCacheAge,
        Duration maxMessageAge,
        int maxHops,
        int maxPayloadSize) {

    public RelaySettings {
        if (maxMessageAge.multipliedBy(2).compareTo(seenCacheAge) > 0) {
            throw new IllegalArgumentException("max message age must be at most half the seen-cache age, or a"
                    + " message could be accepted again after its id was evicted");
        }
        if (minSquelchDuration.compareTo(maxSquelchDuration) > 0) {
            throw new IllegalArgumentException("min squelch duration exceeds the max");
        }
    }

    /** Whether a message stamped {@code timestamp} is within the age limit at {@code now}. */
    public boolean acceptsTimestamp(Instant timestamp, Instant now) {
        return Duration.between(timestamp, now).abs().compareTo(maxMessageAge) <= 0;
    }
}
