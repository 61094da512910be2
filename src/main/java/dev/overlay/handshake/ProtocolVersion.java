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
    /** Canonical numbers only: {@code OVL/01.00} would otherwise be read, and answered, as {@code OVL/1.0}. */
    private static final Pattern TOKEN = Pattern.compile("OVL/(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})");
    private static final String PREFIX = "OVL/";
    /** Tokens read from one header; later ones are ignored, so a long list costs no more than this. */
    static final int MAX_TOKENS = 16;

    public ProtocolVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("version numbers are non-negative");
        }
    }

    /**
     * Reads the overlay versions from the first {@value #MAX_TOKENS} tokens of an {@code Upgrade}
     * header value; later tokens are ignored. Other protocols' tokens are ignored (the header is a
     * general HTTP mechanism); a token that starts with {@code OVL/} in any letter case but is not
     * exactly {@code OVL/<major>.<minor>} (uppercase, decimal without leading zeros) is an error, so
     * that a near miss gets a reason instead of "no common version".
     */
    public static List<ProtocolVersion> parseList(String header) {
        List<ProtocolVersion> versions = new ArrayList<>();
        String[] tokens = header.split(",", MAX_TOKENS + 1);
        for (int i = 0; i < Math.min(tokens.length, MAX_TOKENS); i++) {
            String token = tokens[i].trim();
            if (!token.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                continue;
            }
            Matcher m = TOKEN.matcher(token);
            if (!m.matches()) {
                throw new IllegalArgumentException("malformed protocol version '" + token
                        + "' (expected OVL/<major>.<minor>: uppercase, numbers without leading zeros)");
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
