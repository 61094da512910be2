package dev.overlay.relay;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 of a message's signing bytes, held as four longs so map lookups stay cheap. */
public record MessageId(long a, long b, long c, long d) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    static MessageId of(byte[] sha256) {
        ByteBuffer buffer = ByteBuffer.wrap(sha256);
        return new MessageId(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
    }

    public static MessageId parse(String hex) {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("message id must be 64 lowercase hex characters");
        }
        return of(HexFormat.of().parseHex(hex));
    }

    public String hex() {
        return HexFormat.of().formatHex(ByteBuffer.allocate(32).putLong(a).putLong(b).putLong(c).putLong(d).array());
    }

    @Override
    public String toString() {
        return hex();
    }
}
