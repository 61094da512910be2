package dev.overlay.sync;

/**
 * Bounds of reconciliation messages, the same on both sides.
 *
 * @param buckets how many ranges a mismatching range is split into
 * @param messageBytes a node stops adding ranges to a message it sends once it is this large, and
 *     covers what is left with one fingerprint (the rest of a large difference comes in later rounds)
 * @param maxRanges most ranges accepted in a message
 * @param maxIds most ids accepted in a message
 * @param maxRounds a session that has not settled after this many replies gives up
 */
public record SyncLimits(int buckets, int messageBytes, int maxRanges, int maxIds, int maxRounds) {

    /** 16 buckets, messages of about 48 KiB (1,400 ids), at most 4,096 ranges and 4,096 ids accepted. */
    public static final SyncLimits DEFAULT = new SyncLimits(16, 48 * 1024, 4096, 4096, 64);

    public SyncLimits {
        if (buckets < 2 || messageBytes < 1024 || maxRanges < 2 * buckets + 4 || maxIds * 34 < messageBytes
                || maxRounds < 1) {
            throw new IllegalArgumentException("inconsistent sync limits");
        }
    }

    /** Ranges with fewer items than this are sent as id lists rather than split. */
    int idListThreshold() {
        return 2 * buckets;
    }
}
