package dev.overlay.sync;

import dev.overlay.relay.MessageId;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A range's fingerprint as Negentropy defines it: the 256-bit sum (mod 2^256) of the ids in the range,
 * with their count, hashed with SHA-256 and cut to 16 bytes. A sum rather than a hash chain so that it
 * does not depend on order; hashed with the count so that a crafted set cannot easily match another's.
 */
public record Fingerprint(byte[] bytes) {

    public static final int LENGTH = 16;

    public Fingerprint {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a fingerprint has 16 bytes, got " + bytes.length);
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fingerprint f && Arrays.equals(bytes, f.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }

    /** The fingerprint of the given items. */
    public static Fingerprint of(Iterable<SyncItem> items) {
        Sum sum = new Sum();
        items.forEach(item -> sum.add(item.id()));
        return sum.fingerprint();
    }

    /** A running 256-bit sum of ids with their count. Not thread-safe; used within one call. */
    static final class Sum {
        private long a;
        private long b;
        private long c;
        private long d;
        private long count;

        void add(MessageId id) {
            long nd = d + id.d();
            long carry = Long.compareUnsigned(nd, d) < 0 ? 1 : 0;
            d = nd;
            long nc = c + id.c() + carry;
            carry = Long.compareUnsigned(nc, c) < 0 || (carry == 1 && nc == c) ? 1 : 0;
            c = nc;
            long nb = b + id.b() + carry;
            carry = Long.compareUnsigned(nb, b) < 0 || (carry == 1 && nb == b) ? 1 : 0;
            b = nb;
            a = a + id.a() + carry;
            count++;
        }

        Fingerprint fingerprint() {
            byte[] input = ByteBuffer.allocate(40).putLong(a).putLong(b).putLong(c).putLong(d).putLong(count).array();
            try {
                return new Fingerprint(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(input), LENGTH));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java platform", e);
            }
        }
    }
}
