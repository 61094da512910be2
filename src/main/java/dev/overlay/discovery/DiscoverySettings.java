package dev.overlay.discovery;

import dev.overlay.peer.Endpoint;
import java.time.Duration;
import java.util.List;

/**
 * Discovery and autoconnect settings (the {@code overlay.*} discovery properties).
 *
 * @param bootstrap endpoints dialed when nothing better is known; DNS names are resolved on every dial
 * @param fixedPeers endpoints kept connected forever; they do not count against the outbound target
 * @param fixedPeerBackoff retry delays for fixed peers
 * @param dialBackoff retry delays for any other endpoint that failed
 * @param tickInterval how often autoconnect runs
 * @param gossipInterval how often each peer is sent an {@code Endpoints} message
 * @param livecacheTtl how long a gossiped endpoint stays a candidate
 * @param livecacheCapacity most endpoints kept in the livecache
 * @param maxGossipHops gossiped endpoints further away than this are dropped
 * @param maxDialsInFlight most outbound attempts at once
 * @param rotationInterval how often, on average, a node at its outbound target replaces its
 *     longest-held outbound peer (sparing the relay's selected sources while it can) by a random
 *     address-book endpoint; zero turns rotation off
 */
public record DiscoverySettings(
        List<Endpoint> bootstrap,
        List<Endpoint> fixedPeers,
        Backoff fixedPeerBackoff,
        Backoff dialBackoff,
        Duration tickInterval,
        Duration gossipInterval,
        Duration livecacheTtl,
        int livecacheCapacity,
        int maxGossipHops,
        int maxDialsInFlight,
        Duration rotationInterval) {

    /** Endpoints a node sends in one {@code Endpoints} message, its own included (rippled's figure). */
    public static final int GOSSIP_SEND_LIMIT = 12;
    /** Entries a node accepts in one {@code Endpoints} message; more marks the sender as flooding. */
    public static final int GOSSIP_ACCEPT_LIMIT = 64;

    public DiscoverySettings {
        bootstrap = List.copyOf(bootstrap);
        fixedPeers = List.copyOf(fixedPeers);
    }
}
