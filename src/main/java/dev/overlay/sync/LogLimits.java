package dev.overlay.sync;

import java.time.Duration;

/**
 * Bounds of the message log: a message leaves it when its timestamp is older than {@code retention},
 * or, oldest first, when the log holds more than {@code maxMessages} messages or {@code maxBytes}
 * bytes (payloads plus a fixed overhead each).
 */
public record LogLimits(Duration retention, int maxMessages, long maxBytes) {

    public LogLimits {
        if (retention.isNegative() || retention.isZero() || maxMessages < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("log limits must be positive");
        }
    }
}
