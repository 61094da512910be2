package dev.overlay.peer;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
    private static final Pattern ASCII_HOST = Pattern.compile("[A-Za-z0-9.:-]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

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
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        if (bracketed) {
            host = host.substring(1, host.length() - 1);
            if (!host.contains(":")) {
                throw new IllegalArgumentException("only IPv6 addresses go in brackets: '" + text + "'");
            }
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("IPv6 endpoints must be bracketed, as in [::1]:51235");
        }
        String port = text.substring(colon + 1);
        if (!PORT.matcher(port).matches()) {
            throw new IllegalArgumentException("endpoint '" + text + "' has a non-numeric port (expected 1-5 ASCII digits)");
        }
        return new Endpoint(host, Integer.parseInt(port));
    }

    private static String validHost(String host) {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host is missing");
        }
        if (!ASCII_HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + host + "' is not a valid host name or IP address");
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.contains(":")) {
            return validIpv6(lower);
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

    /** Validates an IPv6 literal; a literal is parsed locally, never looked up. */
    private static String validIpv6(String host) {
        if (!IPV6.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + host + "' is not a valid IPv6 address");
        }
        try {
            InetAddress.getByName("[" + host + "]");
            return host;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + host + "' is not a valid IPv6 address");
        }
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
