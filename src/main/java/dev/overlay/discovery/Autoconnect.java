package dev.overlay.discovery;

import dev.overlay.handshake.HandshakeException;
import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Direction;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.random.RandomGenerator;

/**
 * Fills the outbound slots: each tick it dials, up to the outbound target, candidates in order of
 * trust: the livecache (nearest first, in random order within the same distance, so that dialers do
 * not all pile onto the same nodes; redirects from full nodes join it one hop away), the address
 * book (best score first), then the bootstrap list. Never this node, never a node already connected or being dialed,
 * never an endpoint that is still backing off after a failure. Every outcome is written to the
 * address book.
 *
 * <p>Threading: owned by the discovery thread; dial results are inspected there on the next tick.
 */
public final class Autoconnect {

    private final PeerRegistry registry;
    private final Dialer dialer;
    private final AddressBook addressBook;
    private final Livecache livecache;
    private final DiscoverySettings settings;
    private final Supplier<Set<NodeId>> fixedNodeIds;
    private final Supplier<Set<Endpoint>> fixedEndpoints;
    private final DiscoveryCounters counters;
    private final Predicate<Endpoint> banned;
    private final Clock clock;
    private final RandomGenerator random;

    private final Map<Endpoint, CompletableFuture<Peer>> attempts = new LinkedHashMap<>();
    private final Map<Endpoint, Retry> retries = new HashMap<>();
    private final Set<Endpoint> ownEndpoints = new HashSet<>();

    private record Retry(int failures, Instant notBefore) {
    }

    public Autoconnect(PeerRegistry registry, Dialer dialer, AddressBook addressBook, Livecache livecache,
                       DiscoverySettings settings, Supplier<Set<NodeId>> fixedNodeIds,
                       Supplier<Set<Endpoint>> fixedEndpoints, Predicate<Endpoint> banned,
                       DiscoveryCounters counters, Clock clock, RandomGenerator random) {
        this.banned = banned;
        this.registry = registry;
        this.dialer = dialer;
        this.addressBook = addressBook;
        this.livecache = livecache;
        this.settings = settings;
        this.fixedNodeIds = fixedNodeIds;
        this.fixedEndpoints = fixedEndpoints;
        this.counters = counters;
        this.clock = clock;
        this.random = random;
    }

    /** Marks an endpoint as this node's own, so it is never dialed. */
    public void ownEndpoint(Endpoint endpoint) {
        ownEndpoints.add(endpoint);
    }

    public boolean isOwn(Endpoint endpoint) {
        return ownEndpoints.contains(endpoint);
    }

    public void tick() {
        Instant now = clock.instant();
        collectFinished(now);
        // A failure older than the longest backoff no longer matters; forgetting it bounds the map.
        Instant stale = now.minus(settings.dialBackoff().max());
        retries.values().removeIf(retry -> retry.notBefore().isBefore(stale));
        Set<NodeId> fixed = fixedNodeIds.get();
        int outbound = (int) registry.active().stream()
                .filter(p -> p.direction() == Direction.OUTBOUND && !p.nodeId().map(fixed::contains).orElse(false))
                .count();
        int needed = registry.limits().outboundTarget() - outbound - attempts.size();
        if (needed <= 0 || registry.slotsFull()) {
            return;
        }
        Set<Endpoint> connected = connectedEndpoints();
        Set<Endpoint> skip = new HashSet<>(fixedEndpoints.get());
        for (Endpoint candidate : candidates()) {
            if (needed == 0 || attempts.size() >= settings.maxDialsInFlight()) {
                return;
            }
            if (!skip.add(candidate) || connected.contains(candidate) || ownEndpoints.contains(candidate)
                    || attempts.containsKey(candidate) || backingOff(candidate, now) || banned.test(candidate)) {
                continue;
            }
            counters.dials.increment();
            attempts.put(candidate, dialer.connect(candidate));
            needed--;
        }
    }

    private List<Endpoint> candidates() {
        List<Endpoint> candidates = new ArrayList<>();
        Random shuffler = new Random(random.nextLong());
        livecache.fresh(clock.instant()).stream()
                .collect(Collectors.groupingBy(HeardEndpoint::hops, TreeMap::new, Collectors.toList()))
                .values().forEach(sameDistance -> {
                    List<HeardEndpoint> shuffled = new ArrayList<>(sameDistance);
                    Collections.shuffle(shuffled, shuffler);
                    shuffled.forEach(h -> candidates.add(h.endpoint()));
                });
        addressBook.best(4 * settings.maxDialsInFlight()).stream()
                .filter(entry -> entry.nodeId().map(id -> !registry.isActive(id)).orElse(true))
                .forEach(entry -> candidates.add(entry.endpoint()));
        List<Endpoint> bootstrap = new ArrayList<>(settings.bootstrap());
        Collections.shuffle(bootstrap, shuffler);
        candidates.addAll(bootstrap);
        return candidates;
    }

    private Set<Endpoint> connectedEndpoints() {
        Set<Endpoint> connected = new HashSet<>();
        for (Peer peer : registry.connections()) {
            connected.add(peer.remoteAddress());
            peer.listeningEndpoint().ifPresent(connected::add);
        }
        return connected;
    }

    private boolean backingOff(Endpoint endpoint, Instant now) {
        Retry retry = retries.get(endpoint);
        return retry != null && now.isBefore(retry.notBefore());
    }

    private void collectFinished(Instant now) {
        Iterator<Map.Entry<Endpoint, CompletableFuture<Peer>>> it = attempts.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Endpoint, CompletableFuture<Peer>> attempt = it.next();
            if (!attempt.getValue().isDone()) {
                continue;
            }
            it.remove();
            Endpoint endpoint = attempt.getKey();
            try {
                Peer peer = attempt.getValue().join();
                retries.remove(endpoint);
                addressBook.succeeded(endpoint, peer.nodeId().orElseThrow(), now);
            } catch (CompletionException e) {
                failed(endpoint, e.getCause(), now);
            }
        }
    }

    private void failed(Endpoint endpoint, Throwable cause, Instant now) {
        HandshakeFailure failure = cause instanceof HandshakeException h ? h.failure() : HandshakeFailure.CONNECT_FAILED;
        switch (failure) {
            case SELF_CONNECTION -> ownEndpoints.add(endpoint);
            case DUPLICATE_CONNECTION, BANNED -> { }
            case SLOTS_FULL -> {
                backOff(endpoint, now);
                ((HandshakeException) cause).alternatives().stream()
                        .limit(DiscoverySettings.REDIRECT_LIMIT)
                        .filter(alternative -> !ownEndpoints.contains(alternative))
                        .forEach(alternative -> {
                            counters.redirects.increment();
                            livecache.add(new HeardEndpoint(alternative, 1), now);
                            addressBook.heard(alternative, now);
                        });
            }
            default -> {
                backOff(endpoint, now);
                addressBook.failed(endpoint, now);
            }
        }
    }

    private void backOff(Endpoint endpoint, Instant now) {
        int failures = retries.containsKey(endpoint) ? retries.get(endpoint).failures() + 1 : 1;
        retries.put(endpoint, new Retry(failures, now.plus(settings.dialBackoff().delay(failures, random))));
    }

    public int attemptsInFlight() {
        return attempts.size();
    }
}
