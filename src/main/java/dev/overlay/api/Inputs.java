package dev.overlay.api;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.SourceAddress;
import java.util.Base64;

/**
 * Parses the values the API takes as text, turning a parse failure into an
 * {@link InvalidInputException} with a detail written here (never the parser's exception text).
 */
final class Inputs {

    private Inputs() {
    }

    static Endpoint endpoint(String field, String text) {
        try {
            return Endpoint.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "expected host:port, such as 198.51.100.20:51235");
        }
    }

    static NodeId nodeId(String field, String text) {
        try {
            return NodeId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "expected a node id of 64 lowercase hex digits");
        }
    }

    static SourceAddress address(String field, String text) {
        try {
            return SourceAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "expected an IPv4 address, or an IPv6 address or /64 prefix");
        }
    }

    static byte[] base64(String field, String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "not valid base64");
        }
    }
}
