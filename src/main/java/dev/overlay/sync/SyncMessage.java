package dev.overlay.sync;

import java.util.List;

/**
 * One step of a reconciliation: consecutive ranges, the first starting at {@code lower}. Every range
 * ends above where it starts, so a message covers {@code [lower, last upper)}.
 */
public record SyncMessage(SyncItem lower, List<SyncRange> ranges) {

    public SyncMessage {
        ranges = List.copyOf(ranges);
    }

    /**
     * Checks what a peer sent against the limits: at most {@link SyncLimits#maxRanges} ranges and
     * {@link SyncLimits#maxIds} ids, bounds strictly rising.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public void validate(SyncLimits limits) {
        if (ranges.size() > limits.maxRanges()) {
            throw new IllegalArgumentException(ranges.size() + " ranges, more than " + limits.maxRanges());
        }
        int ids = 0;
        SyncItem previous = lower;
        for (SyncRange range : ranges) {
            if (range.upper().compareTo(previous) <= 0) {
                throw new IllegalArgumentException("range bounds must rise");
            }
            previous = range.upper();
            ids += range.ids().size();
        }
        if (ids > limits.maxIds()) {
            throw new IllegalArgumentException(ids + " ids, more than " + limits.maxIds());
        }
    }

    /** Whether nothing is left to reconcile. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** About how many bytes the message takes on the wire. */
    public int wireSize() {
        int size = 12;
        for (SyncRange range : ranges) {
            size += range.wireSize();
        }
        return size;
    }
}
