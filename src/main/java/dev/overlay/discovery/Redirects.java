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

    private Redirects() {
    }

    /**
     * What a full node offers {@code requester}: its active peers' listening endpoints first, then
     * endpoints from the livecache, never the requester's own, at most {@link #OFFERED}.
     */
    public static List<Endpoint> offer(Optional<Endpoint> requester, List<Endpoint> activePeers,
                                       List<Endpoint> livecache) {
        Set<Endpoint> offered = new LinkedHashSet<>(activePeers);
        offered.addAll(livecache);
        requester.ifPresent(offered::remove);
        return offered.stream().limit(OFFERED).toList();
    }
}
