package dev.overlay.discovery;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Finds and keeps peers: fixed peers, endpoint gossip (livecache), the durable address book and the
 * bootstrap list, feeding {@link Autoconnect}.
 *
 * <p>Events in, decisions out, as rippled's PeerFinder {@code Logic}: {@link #tick} returns the
 * endpoints to dial and the gossip to send ({@link DiscoveryDecision}), {@link #dialed} takes each
 * dial's outcome back, {@link #gossipReceived} takes a peer's gossip. It does no I/O but the address
 * book's, so a simulator drives it with a virtual clock and no threads.
 *
 * <p>Threading: every method runs on the single discovery thread, which owns the fixed peers, the
 * livecache and autoconnect; the only exception is {@link #alternatives()}, which reads a snapshot
 * published by the discovery thread through a volatile field.
 */
public final class Discovery {

    private final PeerRegistry registry;
    private final AddressBook addressBook;
    private final DiscoverySettings settings;
    private final Supplier<Set<NodeId>> relaySources;
    private final Clock clock;
    private final RandomGenerator random;
    private final FixedPeers fixedPeers;
    private final Livecache livecache;
    private final Autoconnect autoconnect;
    private final DiscoveryCounters counters = new DiscoveryCounters();
    private Instant nextGossip = Instant.MIN;
    private volatile List<Endpoint> alternatives = List.of();

    /**
     * @param relaySources the peers the relay has selected as sources, which a rotation closes last;
     *     read on the discovery thread only when a rotation is due, so it must be safe to call there
     */
    public Discovery(PeerRegistry registry, AddressBook addressBook, DiscoverySettings settings,
                     Predicate<Endpoint> banned, Supplier<Set<NodeId>> relaySources, Clock clock,
                     RandomGenerator random) {
        this.relaySources = relaySources;
        this.registry = registry;
        this.addressBook = addressBook;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
        this.fixedPeers = new FixedPeers(settings.fixedPeers(), registry::isActive, settings.fixedPeerBackoff(),
                random);
        this.livecache = new Livecache(settings.livecacheCapacity(), settings.livecacheTtl(), random);
        this.autoconnect = new Autoconnect(registry, addressBook, livecache, settings, fixedPeers::nodeIds,
                fixedPeers::endpoints, banned, counters, random);
        Instant now = clock.instant();
        settings.bootstrap().forEach(endpoint -> addressBook.heard(endpoint, now));
    }

    /** Marks an endpoint as this node's own, so it is neither dialed nor passed on. */
    public void ownEndpoint(Endpoint endpoint) {
        autoconnect.ownEndpoint(endpoint);
    }

    /**
     * One round: which fixed peers and autoconnect candidates to dial, and, when due, gossip to every
     * peer. A node advertises itself only while it has a free inbound slot, as rippled's PeerFinder does:
     * a full node's own entry would send dialers to a refusal, and in a network whose inbound capacity
     * barely exceeds its outbound demand most dials would end that way.
     */
    public DiscoveryDecision tick() {
        Instant now = clock.instant();
        List<Endpoint> dial = new ArrayList<>(fixedPeers.due(now));
        livecache.expire(now);
        dial.addAll(autoconnect.autoconnect(now));
        List<NodeId> close = new ArrayList<>();
        autoconnect.rotation(now, relaySources).ifPresent(rotation -> {
            close.add(rotation.close());
            dial.add(rotation.dial());
        });
        List<DiscoveryDecision.Gossip> gossip = new ArrayList<>();
        if (!now.isBefore(nextGossip)) {
            nextGossip = now.plus(settings.gossipInterval());
            boolean advertiseSelf = registry.acceptsInbound();
            List<HeardEndpoint> fresh = livecache.fresh(now);
            for (Peer peer : registry.active()) {
                List<HeardEndpoint> sample = RandomSubset.of(fresh, DiscoverySettings.GOSSIP_SEND_LIMIT - 1, random)
                        .stream()
                        .filter(h -> !peer.listeningEndpoint().map(h.endpoint()::equals).orElse(false))
                        .filter(h -> h.hops() < settings.maxGossipHops())
                        .toList();
                gossip.add(new DiscoveryDecision.Gossip(peer.nodeId().orElseThrow(), advertiseSelf, sample));
            }
        }
        publishAlternatives(now);
        return new DiscoveryDecision(dial, gossip, close);
    }

    /** How a dial that {@link #tick} asked for ended; the address book records it either way. */
    public void dialed(Endpoint endpoint, DialOutcome outcome) {
        Instant now = clock.instant();
        if (fixedPeers.isDialing(endpoint)) {
            fixedPeers.dialed(endpoint, outcome, now);
            if (outcome instanceof DialOutcome.Connected connected) {
                addressBook.succeeded(endpoint, connected.peer().nodeId().orElseThrow(), now);
            } else {
                addressBook.failed(endpoint, now);
            }
        } else {
            autoconnect.dialed(endpoint, outcome, now);
        }
    }

    /**
     * Takes in endpoints a peer gossiped (already parsed and checked for shape by the engine, which
     * drops entries too far away as it reads them) and returns how many it dropped, as too far away or
     * as this node's own, for the sender to be charged: only this thread knows which endpoints are its
     * own.
     */
    public int gossipReceived(NodeId from, List<HeardEndpoint> heard) {
        Instant now = clock.instant();
        counters.gossipReceived.increment();
        int dropped = 0;
        for (HeardEndpoint entry : heard) {
            if (entry.hops() > settings.maxGossipHops() || autoconnect.isOwn(entry.endpoint())) {
                counters.endpointsDropped.increment();
                dropped++;
                continue;
            }
            livecache.add(entry, now);
            if (entry.hops() == 0) {
                addressBook.heard(entry.endpoint(), now);
            }
        }
        return dropped;
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

    /**
     * Endpoints a full node offers in its {@code 503}: the livecache's, which were heard from nodes
     * advertising a free slot, then its active peers' listening endpoints.
     */
    public List<Endpoint> alternatives() {
        return alternatives;
    }

    private void publishAlternatives(Instant now) {
        int limit = 2 * Redirects.OFFERED;
        Set<Endpoint> offered = new LinkedHashSet<>();
        for (HeardEndpoint heard : livecache.nearestFirst(now, random)) {
            if (offered.size() >= limit) {
                break;
            }
            offered.add(heard.endpoint());
        }
        for (Peer peer : registry.active()) {
            if (offered.size() >= limit) {
                break;
            }
            peer.listeningEndpoint().ifPresent(offered::add);
        }
        alternatives = List.copyOf(offered);
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
