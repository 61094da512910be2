package dev.overlay.sync;

import java.time.Duration;

/**
 * Message log and reconciliation settings ({@code overlay.relay.retention*}, {@code overlay.relay.sync.*}).
 *
 * @param enabled whether the node offers {@code sync=1} and reconciles with peers that accept it
 * @param interval how often each such peer is reconciled with, after the first round at activation
 * @param log bounds of the message log
 * @param limits bounds of reconciliation messages
 */
public record SyncSettings(boolean enabled, Duration interval, LogLimits log, SyncLimits limits) {

    /**
     * Reconciliation leaves out the last seconds (messages still in flight through the relay would show
     * as differences) and the window's oldest minute (a peer whose clock runs a little ahead may have
     * dropped them already).
     */
    public static final Duration SETTLE = Duration.ofSeconds(2);
    public static final Duration EDGE = Duration.ofMinutes(1);
    /** The defaults of the {@code overlay.relay} properties: every 10 s, 10 minutes, 100,000 messages, 64 MB. */
    public static final SyncSettings DEFAULT = new SyncSettings(true, Duration.ofSeconds(10),
            new LogLimits(Duration.ofMinutes(10), 100_000, 64L * 1024 * 1024), SyncLimits.DEFAULT);

    public SyncSettings {
        if (interval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("the sync interval must be at least 100ms");
        }
        if (log.retention().compareTo(EDGE.plus(SETTLE)) <= 0) {
            throw new IllegalArgumentException("the retention must be longer than " + EDGE.plus(SETTLE).toSeconds() + "s");
        }
    }
}
