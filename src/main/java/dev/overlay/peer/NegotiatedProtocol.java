package dev.overlay.peer;

import java.util.Set;

/** What a handshake agreed on: the protocol version (e.g. {@code OVL/1.0}) and the accepted features. */
public record NegotiatedProtocol(String version, Set<String> features) {

    public NegotiatedProtocol {
        features = Set.copyOf(features);
    }
}
