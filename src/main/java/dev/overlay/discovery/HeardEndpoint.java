package dev.overlay.discovery;

import dev.overlay.peer.Endpoint;

/** An endpoint as gossip carries it: where, and how many hops from the node that heard it. */
public record HeardEndpoint(Endpoint endpoint, int hops) {
}
