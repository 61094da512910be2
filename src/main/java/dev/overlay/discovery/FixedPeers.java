package dev.overlay.discovery;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Keeps the configured fixed peers connected: dials each one that is not connected, and after a
 * failure or a disconnect waits out an exponential backoff before the next attempt, forever.
 *
 * <p>Events in, decisions out: {@link #due} says which endpoints to dial now, {@link #dialed} takes
 * each outcome back. Time comes in as an argument, so a simulator drives it with a virtual clock.
 *
 * <p>Threading: owned by one discovery thread, the only reader and writer of the entries.
 */
public final class FixedPeers {

    private final Map<Endpoint, Entry> entries = new LinkedHashMap<>();
    private final Predicate<NodeId> connected;
    private final Backoff backoff;
    private final RandomGenerator random;

    private static final class Entry {
        private final Endpoint endpoint;
        private boolean dialing;
        private Peer peer;
        private NodeId nodeId;
        private int failures;
        private Instant nextAttempt = Instant.MIN;
        private String lastError;

        private Entry(Endpoint endpoint) {
            this.endpoint = endpoint;
        }
    }

    /**
     * @param connected tells whether a node is already an active peer (it may have dialed us)
     */
    public FixedPeers(List<Endpoint> endpoints, Predicate<NodeId> connected, Backoff backoff, RandomGenerator random) {
        this.connected = connected;
        this.backoff = backoff;
        this.random = random;
        endpoints.forEach(e -> entries.put(e, new Entry(e)));
    }

    /** What the operator sees of one fixed peer. */
    public record Status(Endpoint endpoint, NodeId nodeId, boolean connected, int failures, Instant nextAttempt,
                         String lastError) {
    }

    public void add(Endpoint endpoint) {
        entries.putIfAbsent(endpoint, new Entry(endpoint));
    }

    /** Stops keeping the endpoint connected; an existing connection stays. */
    public boolean remove(Endpoint endpoint) {
        return entries.remove(endpoint) != null;
    }

    public Set<Endpoint> endpoints() {
        return Set.copyOf(entries.keySet());
    }

    /** Node ids of fixed peers that have connected at least once. */
    public Set<NodeId> nodeIds() {
        Set<NodeId> ids = new HashSet<>();
        entries.values().forEach(e -> {
            if (e.nodeId != null) {
                ids.add(e.nodeId);
            }
        });
        return ids;
    }

    public List<Status> status() {
        List<Status> statuses = new ArrayList<>();
        for (Entry e : entries.values()) {
            boolean up = e.nodeId != null && connected.test(e.nodeId);
            statuses.add(new Status(e.endpoint, e.nodeId, up, e.failures,
                    e.nextAttempt.equals(Instant.MIN) ? null : e.nextAttempt, e.lastError));
        }
        return statuses;
    }

    /** Fixed peers to dial now: not connected, not being dialed, and past their backoff. */
    public List<Endpoint> due(Instant now) {
        List<Endpoint> due = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (entry.dialing || isUp(entry, now) || now.isBefore(entry.nextAttempt)) {
                continue;
            }
            entry.dialing = true;
            due.add(entry.endpoint);
        }
        return due;
    }

    /** Whether {@code endpoint} is a fixed peer being dialed, whose outcome {@link #dialed} takes. */
    public boolean isDialing(Endpoint endpoint) {
        Entry entry = entries.get(endpoint);
        return entry != null && entry.dialing;
    }

    /** How a dial that {@link #due} asked for ended; a failure waits out the next backoff step. */
    public void dialed(Endpoint endpoint, DialOutcome outcome, Instant now) {
        Entry entry = entries.get(endpoint);
        if (entry == null) {
            return;
        }
        entry.dialing = false;
        if (outcome instanceof DialOutcome.Connected connected) {
            entry.peer = connected.peer();
            entry.nodeId = connected.peer().nodeId().orElse(null);
            entry.failures = 0;
            entry.lastError = null;
        } else if (outcome instanceof DialOutcome.Failed failed) {
            entry.failures++;
            entry.lastError = failed.detail();
            entry.nextAttempt = now.plus(backoff.delay(entry.failures, random));
        }
    }

    private boolean isUp(Entry entry, Instant now) {
        if (entry.peer != null) {
            PeerState state = entry.peer.state();
            if (state != PeerState.CLOSING && state != PeerState.CLOSED) {
                return true;
            }
            entry.peer = null;
            entry.failures++;
            entry.nextAttempt = now.plus(backoff.delay(entry.failures, random));
        }
        return entry.nodeId != null && connected.test(entry.nodeId);
    }
}
