package dev.overlay.discovery;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Finds and keeps peers: fixed peers, endpoint gossip (livecache), the durable address book and the
 * bootstrap list, feeding {@link Autoconnect}.
 *
 * <p>Threading: every method runs on the single discovery thread, which owns the fixed peers, the
 * livecache and autoconnect; the only exception is {@link #alternatives()}, which reads a snapshot
 * published by the discovery thread through a volatile field. Fixed-peer dial outcomes arrive from
 * event loops through a concurrent queue that the discovery thread drains.
 */
public final class Discovery {

    private final PeerRegistry registry;
    private final AddressBook addressBook;
    private final DiscoverySettings settings;
    private final GossipOutput gossip;
    private final Clock clock;
    private final RandomGenerator random;
    private final FixedPeers fixedPeers;
    private final Livecache livecache;
    private final Autoconnect autoconnect;
    private final DiscoveryCounters counters = new DiscoveryCounters();
    private final Queue<Runnable> outcomes = new ConcurrentLinkedQueue<>();
    private Instant nextGossip = Instant.MIN;
    private volatile List<Endpoint> alternatives = List.of();

    public Discovery(PeerRegistry registry, Dialer dialer, AddressBook addressBook, DiscoverySettings settings,
                     GossipOutput gossip, Predicate<Endpoint> banned, Clock clock, RandomGenerator random) {
        this.registry = registry;
        this.addressBook = addressBook;
        this.settings = settings;
        this.gossip = gossip;
        this.clock = clock;
        this.random = random;
        this.fixedPeers = new FixedPeers(settings.fixedPeers(), recordingOutcomes(dialer), registry::isActive,
                settings.fixedPeerBackoff(), clock, random);
        this.livecache = new Livecache(settings.livecacheCapacity(), settings.livecacheTtl());
        this.autoconnect = new Autoconnect(registry, dialer, addressBook, livecache, settings, fixedPeers::nodeIds,
                fixedPeers::endpoints, banned, counters, clock, random);
        Instant now = clock.instant();
        settings.bootstrap().forEach(endpoint -> addressBook.heard(endpoint, now));
    }

    /**
     * Wraps a dialer so that each outcome is written to the address book on the discovery thread
     * (dial results complete on event loops, which must not touch the database).
     */
    private Dialer recordingOutcomes(Dialer dialer) {
        return endpoint -> dialer.connect(endpoint).whenComplete((peer, error) -> outcomes.add(() -> {
            Instant now = clock.instant();
            if (error == null) {
                addressBook.succeeded(endpoint, peer.nodeId().orElseThrow(), now);
            } else {
                addressBook.failed(endpoint, now);
            }
        }));
    }

    /** Marks an endpoint as this node's own, so it is neither dialed nor passed on. */
    public void ownEndpoint(Endpoint endpoint) {
        autoconnect.ownEndpoint(endpoint);
    }

    public void tick() {
        for (Runnable outcome = outcomes.poll(); outcome != null; outcome = outcomes.poll()) {
            outcome.run();
        }
        Instant now = clock.instant();
        fixedPeers.tick();
        livecache.expire(now);
        autoconnect.tick();
        if (!now.isBefore(nextGossip)) {
            nextGossip = now.plus(settings.gossipInterval());
            for (Peer peer : registry.active()) {
                List<HeardEndpoint> sample = livecache.sample(DiscoverySettings.GOSSIP_SEND_LIMIT - 1, now, random)
                        .stream()
                        .filter(h -> !peer.listeningEndpoint().map(h.endpoint()::equals).orElse(false))
                        .filter(h -> h.hops() < settings.maxGossipHops())
                        .toList();
                gossip.sendEndpoints(peer.nodeId().orElseThrow(), sample);
            }
        }
        publishAlternatives(now);
    }

    /** Takes in endpoints a peer gossiped (already parsed and checked for shape by the engine). */
    public void gossipReceived(NodeId from, List<HeardEndpoint> heard) {
        Instant now = clock.instant();
        counters.gossipReceived.increment();
        for (HeardEndpoint entry : heard) {
            if (entry.hops() > settings.maxGossipHops() || autoconnect.isOwn(entry.endpoint())) {
                counters.endpointsDropped.increment();
                continue;
            }
            livecache.add(entry, now);
            if (entry.hops() == 0) {
                addressBook.heard(entry.endpoint(), now);
            }
        }
    }

    public void addFixedPeer(Endpoint endpoint) {
        fixedPeers.add(endpoint);
    }

    public boolean removeFixedPeer(Endpoint endpoint) {
        return fixedPeers.remove(endpoint);
    }

    public List<FixedPeers.Status> fixedPeerStatus() {
        return fixedPeers.status();
    }

    public List<HeardEndpoint> livecacheEntries() {
        return livecache.fresh(clock.instant());
    }

    /** Endpoints a full node offers in its {@code 503}: active peers first, then the livecache. */
    public List<Endpoint> alternatives() {
        return alternatives;
    }

    /**
     * Endpoints a full node offers in the {@code 503} that refuses {@code requester}: its active peers
     * first, then {@link #alternatives()}, never the requester itself, at most
     * {@link DiscoverySettings#ALTERNATIVES_OFFERED}. Any thread may call it: it reads the registry and
     * the published snapshot only.
     */
    public List<Endpoint> alternativesFor(Optional<Endpoint> requester) {
        Set<Endpoint> offered = new LinkedHashSet<>();
        registry.active().forEach(p -> p.listeningEndpoint().ifPresent(offered::add));
        offered.addAll(alternatives);
        requester.ifPresent(offered::remove);
        return offered.stream().limit(DiscoverySettings.ALTERNATIVES_OFFERED).toList();
    }

    private void publishAlternatives(Instant now) {
        int limit = 2 * DiscoverySettings.REDIRECT_LIMIT;
        List<Endpoint> offered = new ArrayList<>();
        Set<Endpoint> included = new HashSet<>();
        for (Peer peer : registry.active()) {
            peer.listeningEndpoint().ifPresent(endpoint -> {
                offered.add(endpoint);
                included.add(endpoint);
            });
        }
        for (HeardEndpoint heard : livecache.fresh(now)) {
            if (offered.size() >= limit) {
                break;
            }
            if (included.add(heard.endpoint())) {
                offered.add(heard.endpoint());
            }
        }
        alternatives = List.copyOf(offered.subList(0, Math.min(offered.size(), limit)));
    }

    public DiscoveryCounters counters() {
        return counters;
    }

    public AddressBook addressBook() {
        return addressBook;
    }

    public int attemptsInFlight() {
        return autoconnect.attemptsInFlight();
    }
}
