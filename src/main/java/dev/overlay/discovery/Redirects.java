package dev.overlay.discovery;

import dev.overlay.peer.Endpoint;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The redirect rules in one place: what a full node offers in its {@code 503}, and how much of an
 * offer a dialer takes (rippled's figures).
 */
public final class Redirects {

    /** Endpoints a full node offers in one refusal. */
    public static final int OFFERED = 10;
    /** Endpoints a dialer takes from one refusal; the rest is ignored. */
    public static final int TAKEN = 30;
    /** Alternatives a dialer keeps to try, newest first; older ones are dropped (they are in the address book). */
    public static final int KEPT = 3 * TAKEN;

    private Redirects() {
    }

    /**
     * What a full node offers {@code requester}: discovery's alternatives (endpoints recently heard
     * from nodes that advertised a free slot, then its peers'), then its active peers' listening
     * endpoints, never the requester's own, at most {@link #OFFERED}. The livecache's come first
     * because a node's active peers are as likely to be full as the node itself.
     */
    public static List<Endpoint> offer(Optional<Endpoint> requester, List<Endpoint> alternatives,
                                       List<Endpoint> activePeers) {
        Set<Endpoint> offered = new LinkedHashSet<>(alternatives);
        offered.addAll(activePeers);
        requester.ifPresent(offered::remove);
        return offered.stream().limit(OFFERED).toList();
    }
}
