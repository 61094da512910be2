package dev.overlay.discovery;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Keeps the configured fixed peers connected: dials each one that is not connected, and after a
 * failure or a disconnect waits out an exponential backoff before the next attempt, forever.
 *
 * <p>Threading: owned by one discovery thread, which calls {@link #tick()} periodically and is the
 * only reader and writer of the entries. Dial results arrive on other threads only as completed
 * futures, which {@code tick} inspects.
 */
public final class FixedPeers {

    private final Map<Endpoint, Entry> entries = new LinkedHashMap<>();
    private final Dialer dialer;
    private final Predicate<NodeId> connected;
    private final Backoff backoff;
    private final Clock clock;
    private final RandomGenerator random;

    private static final class Entry {
        private final Endpoint endpoint;
        private CompletableFuture<Peer> attempt;
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
    public FixedPeers(List<Endpoint> endpoints, Dialer dialer, Predicate<NodeId> connected, Backoff backoff,
                      Clock clock, RandomGenerator random) {
        this.dialer = dialer;
        this.connected = connected;
        this.backoff = backoff;
        this.clock = clock;
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

    /** Collects finished dials, then dials every fixed peer that is due. */
    public void tick() {
        Instant now = clock.instant();
        for (Entry entry : entries.values()) {
            collect(entry, now);
            if (entry.attempt != null || isUp(entry, now) || now.isBefore(entry.nextAttempt)) {
                continue;
            }
            entry.attempt = dialer.connect(entry.endpoint);
        }
    }

    private void collect(Entry entry, Instant now) {
        if (entry.attempt == null || !entry.attempt.isDone()) {
            return;
        }
        CompletableFuture<Peer> done = entry.attempt;
        entry.attempt = null;
        if (done.isCompletedExceptionally()) {
            entry.failures++;
            entry.lastError = done.handle((peer, error) -> messageOf(error)).join();
            entry.nextAttempt = now.plus(backoff.delay(entry.failures, random));
        } else {
            entry.peer = done.join();
            entry.nodeId = entry.peer.nodeId().orElse(null);
            entry.failures = 0;
            entry.lastError = null;
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

    private static String messageOf(Throwable error) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        return String.valueOf(cause.getMessage());
    }
}
