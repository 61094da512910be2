package dev.overlay.discovery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the n-th consecutive failure waits between half and all of
 * {@code min(max, initial * 2^(n-1))}. The jitter keeps a fleet of nodes from retrying a recovered
 * peer in lockstep.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.toMillis() < 1 || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 1 ms <= initial <= max");
        }
    }

    public Duration delay(int failures, RandomGenerator random) {
        long cap = max.toMillis();
        long ceiling = initial.toMillis();
        for (int doubling = 1; doubling < failures && ceiling < cap; doubling++) {
            ceiling = ceiling > cap / 2 ? cap : ceiling * 2;
        }
        ceiling = Math.min(ceiling, cap);
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }
}
