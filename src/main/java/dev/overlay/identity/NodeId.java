package dev.overlay.identity;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A node's identity: the lowercase hex encoding of its 32-byte Ed25519 public key.
 *
 * <p>Hex keeps the id usable as-is in URLs, headers and logs, and its lexicographic order equals the
 * byte order of the key, which the duplicate-connection rule relies on.
 */
public record NodeId(String hex) implements Comparable<NodeId> {

    public static final int PUBLIC_KEY_LENGTH = 32;
    private static final Pattern HEX_KEY = Pattern.compile("[0-9a-f]{64}");

    public NodeId {
        if (hex == null || !HEX_KEY.matcher(hex).matches()) {
            throw new IllegalArgumentException("node id must be 64 lowercase hex characters");
        }
    }

    public static NodeId fromPublicKey(byte[] publicKey) {
        if (publicKey == null || publicKey.length != PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("Ed25519 public key must be " + PUBLIC_KEY_LENGTH + " bytes");
        }
        return new NodeId(HexFormat.of().formatHex(publicKey));
    }

    /** Parses operator or peer input, accepting either case. */
    public static NodeId parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("node id is missing");
        }
        return new NodeId(text.trim().toLowerCase(java.util.Locale.ROOT));
    }

    public byte[] publicKey() {
        return HexFormat.of().parseHex(hex);
    }

    /** A short prefix for log lines, like a git abbreviated hash. */
    public String shortForm() {
        return hex.substring(0, 12);
    }

    @Override
    public int compareTo(NodeId other) {
        return hex.compareTo(other.hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
