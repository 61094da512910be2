package dev.overlay.peer;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The party a connection comes from, as far as its address tells: an IPv4 address, or the /64 prefix
 * of an IPv6 address. Load charges, bans and per-address connection limits all apply to it. Whoever
 * holds one IPv6 address holds at least its /64 (the smallest block networks hand out), so keying by
 * the full address would let one party dodge every per-address rule by rotating through its block.
 * An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}, as a dual-stack socket reports an IPv4 peer) is
 * that IPv4 address.
 *
 * <p>Written as the IPv4 address ({@code 203.0.113.7}) or as the prefix in RFC 5952 form
 * ({@code 2001:db8:1:2::/64}); {@link #parse} reads both, and any address inside a prefix.
 *
 * @param network the IPv4 address, or the IPv6 address with its last 64 bits zero
 */
public record SourceAddress(InetAddress network) {

    /** Bits of an IPv6 address that name the party; the rest it can choose freely. */
    public static final int IPV6_PREFIX_LENGTH = 64;
    private static final int IPV6_PREFIX_BYTES = IPV6_PREFIX_LENGTH / 8;
    private static final String IPV6_SUFFIX = "/" + IPV6_PREFIX_LENGTH;
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|"
            + "2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public SourceAddress {
        if (network instanceof Inet6Address) {
            byte[] bytes = network.getAddress();
            for (int i = IPV6_PREFIX_BYTES; i < bytes.length; i++) {
                if (bytes[i] != 0) {
                    throw new IllegalArgumentException(network.getHostAddress() + " is not a /64 prefix; use of()");
                }
            }
        } else if (!(network instanceof Inet4Address)) {
            throw new IllegalArgumentException("an IPv4 or IPv6 address is needed, got " + network);
        }
    }

    /** The source of {@code address}: itself if IPv4 (or IPv4-mapped), its /64 if IPv6. */
    public static SourceAddress of(InetAddress address) {
        byte[] bytes = address.getAddress();
        try {
            if (bytes.length == 4) {
                return new SourceAddress(address);
            }
            if (isIpv4Mapped(bytes)) {
                return new SourceAddress(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
            }
            byte[] prefix = new byte[16];
            System.arraycopy(bytes, 0, prefix, 0, IPV6_PREFIX_BYTES);
            return new SourceAddress(InetAddress.getByAddress(prefix));
        } catch (UnknownHostException impossible) {
            throw new IllegalArgumentException(impossible); // raw 4- or 16-byte addresses are always valid
        }
    }

    /**
     * Reads an IPv4 address, an IPv6 address or an IPv6 {@code /64} prefix, never looking up a name.
     *
     * @throws IllegalArgumentException for anything else (names, other prefix lengths, zone ids)
     */
    public static SourceAddress parse(String text) {
        String literal = text.endsWith(IPV6_SUFFIX) && text.contains(":")
                ? text.substring(0, text.length() - IPV6_SUFFIX.length()) : text;
        try {
            if (IPV4.matcher(literal).matches()) {
                return of(InetAddress.getByName(literal));
            }
            if (literal.contains(":") && IPV6.matcher(literal).matches()) {
                // In brackets the JDK reads an IPv6 literal or fails; it never resolves a name.
                return of(InetAddress.getByName("[" + literal + "]"));
            }
        } catch (UnknownHostException malformed) {
            // reported below, like any other text that is not an address
        }
        throw new IllegalArgumentException("'" + text + "' is not an IP address or an IPv6 /64 prefix");
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    public boolean isIpv6() {
        return network instanceof Inet6Address;
    }

    /**
     * Whether this is loopback: {@code 127.0.0.0/8}, or {@code ::/64}, which holds {@code ::1} and no
     * other address a peer could connect from.
     */
    public boolean isLoopback() {
        if (!isIpv6()) {
            return network.isLoopbackAddress();
        }
        for (byte b : network.getAddress()) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return isIpv6() ? compressed(network.getAddress()) + IPV6_SUFFIX : network.getHostAddress();
    }

    /** RFC 5952 text: lowercase hex, no leading zeros, the longest run of two or more zero groups as "::". */
    private static String compressed(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int start = 0; start < groups.length; start++) {
            int length = 0;
            while (start + length < groups.length && groups[start + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = start;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
