package dev.overlay.discovery;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Direction;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Fills the outbound slots: each tick it dials, up to the outbound target, candidates in order of
 * trust: the alternatives full nodes offered (newest first, each tried once), the livecache (nearest
 * first, in random order within the same distance, so that dialers do not all pile onto the same
 * nodes), the address book (best score first), then the bootstrap list. Alternatives stay out of the
 * livecache, as in rippled: the livecache is gossiped on, and an alternative was never heard from the
 * node itself, so passing it on would spread hearsay about free slots that were taken long ago. Never this node, never a node already connected or being dialed,
 * never an endpoint that is still backing off after a failure. Every outcome is written to the
 * address book.
 *
 * <p>Events in, decisions out: {@link #autoconnect} returns the endpoints to dial now, {@link #dialed}
 * takes each outcome back. Time comes in as an argument, so a simulator drives it with a virtual clock.
 *
 * <p>Threading: owned by the discovery thread.
 */
public final class Autoconnect {

    private final PeerRegistry registry;
    private final AddressBook addressBook;
    private final Livecache livecache;
    private final DiscoverySettings settings;
    private final Supplier<Set<NodeId>> fixedNodeIds;
    private final Supplier<Set<Endpoint>> fixedEndpoints;
    private final DiscoveryCounters counters;
    private final Predicate<Endpoint> banned;
    private final RandomGenerator random;

    /** Endpoints being dialed, whose outcome has not come back yet. */
    private final Set<Endpoint> attempts = new LinkedHashSet<>();
    private final Map<Endpoint, Retry> retries = new HashMap<>();
    private final Set<Endpoint> ownEndpoints = new HashSet<>();
    /** When the next outbound rotation is due; null until the first round sets it. */
    private Instant nextRotation;
    /** Alternatives full nodes offered, newest first, at most {@link Redirects#KEPT}. */
    private final Deque<Endpoint> redirected = new ArrayDeque<>();
    /** Address-book draws a rotation makes before it gives up until the next interval. */
    private static final int ROTATION_DRAWS = 8;

    private record Retry(int failures, Instant notBefore) {
    }

    /**
     * One outbound rotation: close {@code close}, the longest-held outbound peer that is no relay
     * source (the longest-held of all when every one is), and dial {@code dial}.
     */
    public record Rotation(NodeId close, Endpoint dial) {
    }

    public Autoconnect(PeerRegistry registry, AddressBook addressBook, Livecache livecache,
                       DiscoverySettings settings, Supplier<Set<NodeId>> fixedNodeIds,
                       Supplier<Set<Endpoint>> fixedEndpoints, Predicate<Endpoint> banned,
                       DiscoveryCounters counters, RandomGenerator random) {
        this.banned = banned;
        this.registry = registry;
        this.addressBook = addressBook;
        this.livecache = livecache;
        this.settings = settings;
        this.fixedNodeIds = fixedNodeIds;
        this.fixedEndpoints = fixedEndpoints;
        this.counters = counters;
        this.random = random;
    }

    /** Marks an endpoint as this node's own, so it is never dialed. */
    public void ownEndpoint(Endpoint endpoint) {
        ownEndpoints.add(endpoint);
    }

    public boolean isOwn(Endpoint endpoint) {
        return ownEndpoints.contains(endpoint);
    }

    /**
     * The endpoints to dial now to fill the outbound target: each is counted as in flight until its
     * outcome comes back through {@link #dialed}.
     */
    public List<Endpoint> autoconnect(Instant now) {
        // A failure older than the longest backoff no longer matters; forgetting it bounds the map.
        Instant stale = now.minus(settings.dialBackoff().max());
        retries.values().removeIf(retry -> retry.notBefore().isBefore(stale));
        int needed = registry.limits().outboundTarget() - ownOutbound().size() - attempts.size();
        if (needed <= 0 || registry.slotsFull()) {
            return List.of();
        }
        Round round = new Round(needed, now);
        while (!round.done() && !redirected.isEmpty()) {
            round.offer(redirected.pollFirst());
        }
        for (HeardEndpoint heard : livecache.nearestFirst(now, random)) {
            if (round.done()) {
                return round.dial;
            }
            round.offer(heard.endpoint());
        }
        for (AddressBookEntry entry : addressBook.best(4 * settings.maxDialsInFlight())) {
            if (round.done()) {
                return round.dial;
            }
            if (entry.nodeId().map(id -> !registry.isActive(id)).orElse(true)) {
                round.offer(entry.endpoint());
            }
        }
        List<Endpoint> bootstrap = new ArrayList<>(settings.bootstrap());
        Collections.shuffle(bootstrap, new Random(random.nextLong()));
        bootstrap.forEach(round::offer);
        return round.dial;
    }

    /**
     * The outbound rotation, when one is due: a node at its outbound target, with no dial in flight,
     * closes its longest-held outbound peer (never a fixed one) and dials an endpoint drawn at random
     * from its address book, not by score. Without rotation a node that has its peers never dials
     * again, so a network split by a partition stays split after the partition heals: each side
     * refilled its slots among itself, and the other side's endpoints failed and rank low. Rotations
     * are spread over half to one and a half intervals so that nodes do not rotate together.
     *
     * <p>A peer the relay has selected as a source is closed only when every outbound peer is one:
     * closing a source restarts squelch's selection for its origins, so every squelched peer replays
     * what it withheld and the origin is flooded until sources are picked again.
     */
    public Optional<Rotation> rotation(Instant now, Supplier<Set<NodeId>> relaySources) {
        Duration interval = settings.rotationInterval();
        if (interval.isZero()) {
            return Optional.empty();
        }
        if (nextRotation == null) {
            nextRotation = now.plus(spread(interval));
        }
        if (now.isBefore(nextRotation) || !attempts.isEmpty()) {
            return Optional.empty();
        }
        List<Peer> outbound = ownOutbound();
        int target = registry.limits().outboundTarget();
        if (target == 0 || outbound.size() < target) {
            return Optional.empty();
        }
        nextRotation = now.plus(spread(interval));
        Optional<Endpoint> candidate = randomAddressBookEndpoint(now);
        if (candidate.isEmpty()) {
            return Optional.empty();
        }
        Set<NodeId> sources = relaySources.get();
        Peer longestHeld = outbound.stream()
                .min(Comparator.comparing((Peer p) -> p.nodeId().map(sources::contains).orElse(false))
                        .thenComparingLong(Peer::connectionId))
                .orElseThrow();
        counters.rotations.increment();
        counters.dials.increment();
        attempts.add(candidate.get());
        return Optional.of(new Rotation(longestHeld.nodeId().orElseThrow(), candidate.get()));
    }

    /** Active outbound peers that count against the outbound target: all but fixed peers. */
    private List<Peer> ownOutbound() {
        Set<NodeId> fixed = fixedNodeIds.get();
        return registry.active().stream()
                .filter(p -> p.direction() == Direction.OUTBOUND && !p.nodeId().map(fixed::contains).orElse(false))
                .toList();
    }

    private Duration spread(Duration interval) {
        return Duration.ofMillis((long) (interval.toMillis() * (0.5 + random.nextDouble())));
    }

    /** A few random draws from the whole address book, skipping what autoconnect would skip. */
    private Optional<Endpoint> randomAddressBookEndpoint(Instant now) {
        int size = addressBook.size();
        Set<Endpoint> connected = connectedEndpoints();
        for (int draw = 0; draw < ROTATION_DRAWS && size > 0; draw++) {
            for (AddressBookEntry entry : addressBook.page(random.nextInt(size), 1)) {
                Endpoint endpoint = entry.endpoint();
                if (!connected.contains(endpoint) && !ownEndpoints.contains(endpoint)
                        && entry.nodeId().map(id -> registry.find(id).isEmpty()).orElse(true)
                        && !backingOff(endpoint, now) && !banned.test(endpoint)) {
                    return Optional.of(endpoint);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * One round's choice: candidates are offered in order of trust until the round has as many as the
     * outbound target needs or the dials in flight reach their limit, so a large livecache is read only
     * as far as it takes.
     */
    private final class Round {

        private final List<Endpoint> dial = new ArrayList<>();
        private final Set<Endpoint> connected = connectedEndpoints();
        private final Set<Endpoint> skip = new HashSet<>(fixedEndpoints.get());
        private final Instant now;
        private int needed;

        private Round(int needed, Instant now) {
            this.needed = needed;
            this.now = now;
        }

        private boolean done() {
            return needed == 0 || attempts.size() >= settings.maxDialsInFlight();
        }

        private void offer(Endpoint candidate) {
            if (done() || !skip.add(candidate) || connected.contains(candidate) || ownEndpoints.contains(candidate)
                    || attempts.contains(candidate) || backingOff(candidate, now) || banned.test(candidate)) {
                return;
            }
            counters.dials.increment();
            attempts.add(candidate);
            dial.add(candidate);
            needed--;
        }
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

    /** Whether {@code endpoint} is being dialed by autoconnect, whose outcome {@link #dialed} takes. */
    public boolean isDialing(Endpoint endpoint) {
        return attempts.contains(endpoint);
    }

    /**
     * How a dial that {@link #autoconnect} asked for ended: a success and a failure are written to the
     * address book; a failure backs off, a full node's alternatives are dialed next, and
     * an endpoint that turned out to be this node is never dialed again.
     */
    public void dialed(Endpoint endpoint, DialOutcome outcome, Instant now) {
        if (!attempts.remove(endpoint)) {
            return;
        }
        if (outcome instanceof DialOutcome.Connected connected) {
            retries.remove(endpoint);
            addressBook.succeeded(endpoint, connected.peer().nodeId().orElseThrow(), now);
            return;
        }
        DialOutcome.Failed failed = (DialOutcome.Failed) outcome;
        switch (failed.reason()) {
            case SELF -> ownEndpoints.add(endpoint);
            case DUPLICATE, BANNED -> { }
            case SLOTS_FULL -> {
                backOff(endpoint, now);
                List<Endpoint> taken = failed.alternatives().stream()
                        .limit(Redirects.TAKEN)
                        .filter(alternative -> !ownEndpoints.contains(alternative))
                        .toList();
                for (int i = taken.size() - 1; i >= 0; i--) {
                    Endpoint alternative = taken.get(i);
                    counters.redirects.increment();
                    redirected.remove(alternative);
                    redirected.addFirst(alternative);
                    addressBook.heard(alternative, now);
                }
                while (redirected.size() > Redirects.KEPT) {
                    redirected.removeLast();
                }
            }
            case FAILED -> {
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
