package dev.overlay.handshake;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What each side states about itself in the upgrade request or response: every header except the
 * protocol versions. Reading validates size and shape of every field. Hex fields (node key, instance
 * cookie) are read in either letter case and written in lowercase.
 *
 * @param listenPort the port this node accepts peers on, 0 if it does not accept any
 * @param advertisedEndpoint where this node says it can be reached, or null when the receiver is to
 *     combine the connection's address with {@code listenPort}; the receiver decides whether to use it
 */
public record Hello(
        String networkId,
        NodeId nodeId,
        long instanceCookie,
        Instant networkTime,
        int listenPort,
        FeatureSet features,
        String userAgent,
        Endpoint advertisedEndpoint) {

    /** A hello without an advertised endpoint. */
    public Hello(String networkId, NodeId nodeId, long instanceCookie, Instant networkTime, int listenPort,
                 FeatureSet features, String userAgent) {
        this(networkId, nodeId, instanceCookie, networkTime, listenPort, features, userAgent, null);
    }

    public static final Pattern NETWORK_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern COOKIE = Pattern.compile("[0-9a-fA-F]{1,16}");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,12}");
    private static final int MAX_USER_AGENT = 128;

    /** Reads a hello from headers; {@code header} answers null for an absent header. */
    public static Hello read(Function<String, String> header) {
        String networkId = required(header, HandshakeHeaders.NETWORK_ID);
        if (!NETWORK_ID.matcher(networkId).matches()) {
            throw malformed(HandshakeHeaders.NETWORK_ID + " must be 1-64 of [A-Za-z0-9._-]");
        }
        NodeId nodeId;
        try {
            nodeId = NodeId.parse(required(header, HandshakeHeaders.NODE_PUBLIC_KEY));
        } catch (IllegalArgumentException e) {
            throw malformed(HandshakeHeaders.NODE_PUBLIC_KEY + " must be 64 hex characters");
        }
        String cookie = required(header, HandshakeHeaders.INSTANCE_COOKIE);
        if (!COOKIE.matcher(cookie).matches()) {
            throw malformed(HandshakeHeaders.INSTANCE_COOKIE + " must be 1-16 hex characters");
        }
        String time = required(header, HandshakeHeaders.NETWORK_TIME);
        if (!DIGITS.matcher(time).matches()) {
            throw malformed(HandshakeHeaders.NETWORK_TIME + " must be seconds since the Unix epoch");
        }
        String port = required(header, HandshakeHeaders.LISTEN_PORT);
        if (!DIGITS.matcher(port).matches() || Long.parseLong(port) > 65535) {
            throw malformed(HandshakeHeaders.LISTEN_PORT + " must be a port number 0-65535");
        }
        String advertised = header.apply(HandshakeHeaders.ADVERTISED_ENDPOINT);
        Endpoint advertisedEndpoint = null;
        if (advertised != null && !advertised.isBlank()) {
            try {
                advertisedEndpoint = Endpoint.parse(advertised.trim());
            } catch (IllegalArgumentException e) {
                throw malformed(HandshakeHeaders.ADVERTISED_ENDPOINT + " must be host:port: " + e.getMessage());
            }
        }
        String ctl = header.apply(HandshakeHeaders.PROTOCOL_CTL);
        FeatureSet features;
        try {
            features = FeatureSet.parse(ctl);
        } catch (IllegalArgumentException e) {
            throw malformed(HandshakeHeaders.PROTOCOL_CTL + ": " + e.getMessage());
        }
        String userAgent = header.apply("User-Agent");
        if (userAgent == null) {
            userAgent = header.apply("Server");
        }
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
        return new Hello(networkId, nodeId, Long.parseUnsignedLong(cookie, 16),
                Instant.ofEpochSecond(Long.parseLong(time)), Integer.parseInt(port), features,
                userAgent == null ? "" : userAgent, advertisedEndpoint);
    }

    /** Writes every header except {@code User-Agent}/{@code Server}, which depend on the side. */
    public void write(BiConsumer<String, String> header) {
        header.accept(HandshakeHeaders.NETWORK_ID, networkId);
        header.accept(HandshakeHeaders.NODE_PUBLIC_KEY, nodeId.hex());
        header.accept(HandshakeHeaders.INSTANCE_COOKIE, Long.toHexString(instanceCookie));
        header.accept(HandshakeHeaders.NETWORK_TIME, Long.toString(networkTime.getEpochSecond()));
        header.accept(HandshakeHeaders.LISTEN_PORT, Integer.toString(listenPort));
        if (advertisedEndpoint != null) {
            header.accept(HandshakeHeaders.ADVERTISED_ENDPOINT, advertisedEndpoint.toString());
        }
        if (!features.values().isEmpty()) {
            header.accept(HandshakeHeaders.PROTOCOL_CTL, features.header());
        }
    }

    /** Reads the offered versions of an {@code Upgrade} header, as a malformed-request failure if bad. */
    public static List<ProtocolVersion> readVersions(Function<String, String> header) {
        try {
            return ProtocolVersion.parseList(required(header, "Upgrade"));
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
    }

    private static String required(Function<String, String> header, String name) {
        String value = header.apply(name);
        if (value == null || value.isBlank()) {
            throw malformed("missing " + name + " header");
        }
        return value.trim();
    }

    private static HandshakeException malformed(String detail) {
        return new HandshakeException(HandshakeFailure.MALFORMED_REQUEST, detail);
    }
}
