package dev.overlay.resource;

import dev.overlay.peer.SourceAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The load account of one source (an IPv4 address or IPv6 /64): a balance that grows with charges and decays
 * exponentially with time constant {@code window}.
 *
 * @param warningStanding whether a warning was sent and the balance has not fallen back far enough
 *     since for the next crossing of the threshold to deserve another
 *
 * <p>Threading: instances are immutable; {@link ResourceManager} replaces them atomically in its map.
 */
public record Consumer(
        SourceAddress address,
        double balance,
        Instant updatedAt,
        long warnings,
        long drops,
        Optional<Fee> lastCharge,
        boolean warningStanding) {

    /** The balance as of {@code now}, decayed since the last update. */
    public double balanceAt(Instant now, Duration window) {
        long elapsed = Math.max(0, Duration.between(updatedAt, now).toMillis());
        return balance * Math.exp(-(double) elapsed / window.toMillis());
    }

    Consumer charged(Fee fee, Instant now, Duration window) {
        return new Consumer(address, balanceAt(now, window) + fee.cost(), now, warnings, drops, Optional.of(fee),
                warningStanding);
    }

    Consumer warned() {
        return new Consumer(address, balance, updatedAt, warnings + 1, drops, lastCharge, true);
    }

    Consumer rearmed() {
        return new Consumer(address, balance, updatedAt, warnings, drops, lastCharge, false);
    }

    /** After a drop the balance starts over, so a lifted ban is not re-applied at once. */
    Consumer dropped() {
        return new Consumer(address, 0, updatedAt, warnings, drops + 1, lastCharge, false);
    }
}
