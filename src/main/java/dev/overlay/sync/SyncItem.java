package dev.overlay.sync;

import dev.overlay.relay.MessageId;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One element of the reconciled set, ordered by the message's signed timestamp, then by its id (in the
 * id's byte order). Also serves as a range bound: a bound is an item whose id may end in zero bytes, which
 * the wire encoding leaves out, and a range holds the items {@code >= lower} and {@code < upper}.
 */
public record SyncItem(long timestamp, MessageId id) implements Comparable<SyncItem> {

    /** The smallest id, used for bounds that split on the timestamp alone. */
    public static final MessageId ZERO_ID = new MessageId(0, 0, 0, 0);
    static final int ID_LENGTH = 32;

    /** The bound below every item stamped {@code timestamp} or later. */
    public static SyncItem bound(long timestamp) {
        return new SyncItem(timestamp, ZERO_ID);
    }

    @Override
    public int compareTo(SyncItem other) {
        int byTime = Long.compare(timestamp, other.timestamp);
        if (byTime != 0) {
            return byTime;
        }
        int c = Long.compareUnsigned(id.a(), other.id.a());
        if (c == 0) {
            c = Long.compareUnsigned(id.b(), other.id.b());
        }
        if (c == 0) {
            c = Long.compareUnsigned(id.c(), other.id.c());
        }
        return c != 0 ? c : Long.compareUnsigned(id.d(), other.id.d());
    }

    static byte[] bytes(MessageId id) {
        return ByteBuffer.allocate(ID_LENGTH).putLong(id.a()).putLong(id.b()).putLong(id.c()).putLong(id.d()).array();
    }

    /** The id from up to 32 bytes, zero-padded on the right (a bound's prefix). */
    static MessageId idOf(byte[] bytes) {
        if (bytes.length > ID_LENGTH) {
            throw new IllegalArgumentException("an id has at most 32 bytes, got " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(Arrays.copyOf(bytes, ID_LENGTH));
        return new MessageId(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
    }

    /** The id's bytes without trailing zeros: what a bound puts on the wire. */
    public byte[] idPrefix() {
        byte[] full = bytes(id);
        int length = full.length;
        while (length > 0 && full[length - 1] == 0) {
            length--;
        }
        return Arrays.copyOf(full, length);
    }

    /** A bound rebuilt from the wire. */
    public static SyncItem ofPrefix(long timestamp, byte[] idPrefix) {
        return new SyncItem(timestamp, idOf(idPrefix));
    }

    /**
     * The shortest bound that is above {@code previous} and at most {@code next} ({@code previous <
     * next}): the timestamp alone if they differ in it, else the id bytes up to the first that differs.
     */
    static SyncItem between(SyncItem previous, SyncItem next) {
        if (previous.timestamp != next.timestamp) {
            return bound(next.timestamp);
        }
        byte[] a = bytes(previous.id);
        byte[] b = bytes(next.id);
        int shared = Arrays.mismatch(a, b);
        return new SyncItem(next.timestamp, idOf(Arrays.copyOf(b, shared + 1)));
    }
}
