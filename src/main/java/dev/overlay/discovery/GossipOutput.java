package dev.overlay.discovery;

import dev.overlay.identity.NodeId;
import java.util.List;

/** Sends endpoint gossip; implemented by the engine, called on the discovery thread. */
public interface GossipOutput {

    /** Sends this node's own endpoint plus {@code heard} (hops as stored; the sender adds one). */
    void sendEndpoints(NodeId peer, List<HeardEndpoint> heard);
}
