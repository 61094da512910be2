package dev.overlay.peer;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A {@code host:port} address: an IPv4 literal, a bracketed IPv6 literal or a DNS name. Parsing is
 * strict because endpoints arrive from operators and, later, from peers' gossip.
 */
public record Endpoint(String host, int port) {

    public static final int MAX_TEXT_LENGTH = 261;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]{2,45}");

    public Endpoint {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535");
        }
        host = validHost(host);
    }

    public static Endpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("endpoint is missing; expected host:port");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("endpoint is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("endpoint '" + text + "' is not of the form host:port");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("IPv6 endpoints must be bracketed, as in [::1]:51235");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("endpoint '" + text + "' has a non-numeric port");
        }
        return new Endpoint(host, port);
    }

    private static String validHost(String host) {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host is missing");
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.contains(":")) {
            if (!IPV6.matcher(lower).matches()) {
                throw new IllegalArgumentException("'" + host + "' is not a valid IPv6 address");
            }
            return lower;
        }
        if (lower.length() > 253) {
            throw new IllegalArgumentException("host name is longer than 253 characters");
        }
        for (String label : lower.split("\\.", -1)) {
            if (!DNS_LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("'" + host + "' is not a valid host name or IP address");
            }
        }
        return lower;
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
