package dev.overlay.handshake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An overlay protocol version as it appears in the {@code Upgrade} header, e.g. {@code OVL/1.0}. */
public record ProtocolVersion(int major, int minor) implements Comparable<ProtocolVersion> {

    public static final ProtocolVersion V1_0 = new ProtocolVersion(1, 0);
    private static final Pattern TOKEN = Pattern.compile("OVL/(\\d{1,3})\\.(\\d{1,3})");
    private static final int MAX_TOKENS = 16;

    public ProtocolVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("version numbers are non-negative");
        }
    }

    /**
     * Reads the overlay versions from an {@code Upgrade} header value. Other protocol tokens are
     * ignored (the header is a general HTTP mechanism); a malformed {@code OVL/} token is an error.
     */
    public static List<ProtocolVersion> parseList(String header) {
        List<ProtocolVersion> versions = new ArrayList<>();
        String[] tokens = header.split(",", -1);
        if (tokens.length > MAX_TOKENS) {
            throw new IllegalArgumentException("Upgrade header lists more than " + MAX_TOKENS + " protocols");
        }
        for (String raw : tokens) {
            String token = raw.trim();
            if (!token.startsWith("OVL/")) {
                continue;
            }
            Matcher m = TOKEN.matcher(token);
            if (!m.matches()) {
                throw new IllegalArgumentException("malformed protocol version '" + token + "'");
            }
            versions.add(new ProtocolVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        }
        return versions;
    }

    public static String formatList(Collection<ProtocolVersion> versions) {
        return String.join(", ", versions.stream().map(ProtocolVersion::toString).toList());
    }

    /** The highest version both sides speak. */
    public static Optional<ProtocolVersion> highestCommon(Collection<ProtocolVersion> offered,
                                                          Collection<ProtocolVersion> supported) {
        return offered.stream().filter(supported::contains).max(Comparator.naturalOrder());
    }

    @Override
    public int compareTo(ProtocolVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return "OVL/" + major + "." + minor;
    }
}
