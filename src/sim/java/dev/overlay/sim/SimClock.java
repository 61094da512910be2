package dev.overlay.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The simulation's virtual time in microseconds since the start, as a {@link Clock} for the core
 * classes. Only the event loop of {@link Network} advances it.
 *
 * <p>Threading: confined to the simulation's single thread.
 */
final class SimClock extends Clock {

    /** Virtual time zero: a fixed date, so message timestamps and ids repeat from run to run. */
    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final long START_SECONDS = START.getEpochSecond();

    private long micros;

    long micros() {
        return micros;
    }

    void advanceTo(long timeMicros) {
        if (timeMicros < micros) {
            throw new IllegalStateException("time runs forward only: " + timeMicros + " < " + micros);
        }
        micros = timeMicros;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochSecond(START_SECONDS + micros / 1_000_000, (micros % 1_000_000) * 1000);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulation runs in UTC");
    }
}
