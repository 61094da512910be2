package dev.overlay.engine;

import dev.overlay.discovery.AddressBook;
import dev.overlay.discovery.DialOutcome;
import dev.overlay.discovery.Dialer;
import dev.overlay.discovery.Redirects;
import dev.overlay.discovery.Discovery;
import dev.overlay.discovery.DiscoveryCounters;
import dev.overlay.discovery.DiscoverySettings;
import dev.overlay.discovery.DiscoveryDecision;
import dev.overlay.discovery.HeardEndpoint;
import dev.overlay.handshake.HandshakeException;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.peer.PeerState;
import dev.overlay.peer.SourceAddress;
import dev.overlay.protocol.proto.Endpoints;
import dev.overlay.resource.Fee;
import dev.overlay.resource.ResourceManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Connects the core {@link Discovery} to the transport: runs it on its own discovery thread (which
 * may block on the address book, so never an event loop), parses and checks {@code Endpoints} frames
 * on the event loops, and sends gossip.
 *
 * <p>Threading: {@link #onEndpoints} runs on event loops and only submits; ticks and their decisions run
 * on the discovery thread ({@link OwnerThread}); {@link #call} runs any query there.
 */
public final class DiscoveryBridge {

    private final PeerRegistry registry;
    private final DiscoverySettings settings;
    private final Discovery discovery;
    private final OwnerThread discoveryThread = new OwnerThread("overlay-discovery");
    /** Where peers are told to reach this node ({@code overlay.advertised-endpoint}), or null. */
    private final Endpoint advertised;
    private final BiConsumer<Peer, Fee> charger;
    private volatile Dialer dialer;

    DiscoveryBridge(PeerRegistry registry, ResourceManager resources, AddressBook addressBook,
                    DiscoverySettings settings, Endpoint advertised, BiConsumer<Peer, Fee> charger,
                    Supplier<Set<NodeId>> relaySources, Clock clock, RandomGenerator random) {
        this.registry = registry;
        this.advertised = advertised;
        this.charger = charger;
        this.settings = settings;
        this.discovery = new Discovery(registry, addressBook, settings, endpoint -> banned(resources, endpoint),
                relaySources, clock, random);
    }

    /**
     * Starts dialing through {@code dialer}; {@code ownEndpoint} (the bound peer port if it is a specific
     * address, else null) and the advertised endpoint are never dialed.
     */
    void start(Endpoint ownEndpoint, Dialer dialer) {
        this.dialer = dialer;
        discoveryThread.run(() -> {
            if (ownEndpoint != null) {
                discovery.ownEndpoint(ownEndpoint);
            }
            if (advertised != null) {
                discovery.ownEndpoint(advertised);
            }
        });
        discoveryThread.every(Duration.ZERO, settings.tickInterval(), () -> carryOut(discovery.tick()));
    }

    void stop() {
        discoveryThread.stop();
    }

    /**
     * Endpoints a node with full slots offers {@code requester} instead: its active peers' listening
     * endpoints, then endpoints from the livecache; never the requester's own.
     */
    List<Endpoint> alternativesFor(Peer requester) {
        List<Endpoint> active = new ArrayList<>();
        registry.active().forEach(p -> p.listeningEndpoint().ifPresent(active::add));
        return Redirects.offer(requester.listeningEndpoint(), discovery.alternatives(), active);
    }

    /** Parses a peer's gossip on its event loop; bad entries are dropped and counted, never fatal. */
    void onEndpoints(Peer peer, Endpoints endpoints) {
        DiscoveryCounters counters = discovery.counters();
        if (endpoints.getEntriesCount() > DiscoverySettings.GOSSIP_ACCEPT_LIMIT) {
            onGossipFlood(peer);
            return;
        }
        List<HeardEndpoint> heard = new ArrayList<>(endpoints.getEntriesCount());
        for (Endpoints.Entry entry : endpoints.getEntriesList()) {
            HeardEndpoint parsed = parse(peer, entry);
            if (parsed == null) {
                counters.endpointsDropped.increment();
                chargeBadEndpoints(peer, 1);
            } else {
                heard.add(parsed);
            }
        }
        NodeId from = peer.nodeId().orElseThrow();
        submit(() -> chargeBadEndpoints(peer, discovery.gossipReceived(from, heard)));
    }

    private void chargeBadEndpoints(Peer peer, int count) {
        for (int i = 0; i < count; i++) {
            peer.recordInvalidMessage();
            charger.accept(peer, Fee.BAD_ENDPOINT);
        }
    }

    /** Counts a peer that sends gossip faster than the protocol allows. */
    void onGossipFlood(Peer peer) {
        discovery.counters().gossipFloods.increment();
        peer.recordInvalidMessage();
        charger.accept(peer, Fee.USELESS_DATA);
    }

    /**
     * The entry as heard, or null if it must be dropped. Hops are a {@code uint32}, read unsigned. Only
     * the sender's own entry has hop count 0, and it has no address: the receiver knows the sender's
     * address better than the sender does, and taking a named one would let any peer plant arbitrary
     * endpoints in the address book as peers' own.
     */
    private HeardEndpoint parse(Peer peer, Endpoints.Entry entry) {
        long hops = Integer.toUnsignedLong(entry.getHops());
        if (entry.getEndpoint().isEmpty()) {
            return hops == 0 ? peer.listeningEndpoint().map(own -> new HeardEndpoint(own, 0)).orElse(null) : null;
        }
        if (hops == 0 || hops > settings.maxGossipHops()) {
            return null;
        }
        try {
            Endpoint endpoint = Endpoint.parse(entry.getEndpoint());
            return LearnedEndpoints.acceptable(endpoint) ? new HeardEndpoint(endpoint, (int) hops) : null;
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** Whether autoconnect must skip an endpoint; a name is checked once resolved, at dial time. */
    private static boolean banned(ResourceManager resources, Endpoint endpoint) {
        try {
            return resources.isBanned(SourceAddress.parse(endpoint.host()));
        } catch (IllegalArgumentException name) {
            return false;
        }
    }

    /**
     * Carries out one tick's decision on the discovery thread: starts each dial, whose outcome comes
     * back to the discovery thread, and sends the gossip.
     */
    private void carryOut(DiscoveryDecision decision) {
        // A rotation's close goes first: it frees the slot the rotation's dial will need.
        decision.close().forEach(node -> registry.disconnect(node, DisconnectReason.ROTATED, "outbound rotation"));
        for (Endpoint endpoint : decision.dial()) {
            dialer.connect(endpoint).whenComplete((peer, error) ->
                    submit(() -> discovery.dialed(endpoint, outcomeOf(peer, error))));
        }
        decision.gossip().forEach(g -> sendEndpoints(g.peer(), g.advertiseSelf(), g.endpoints()));
    }

    /**
     * The core's view of a dial's end: only the reasons discovery acts on, and a full node's
     * alternatives. Public so the simulator's transport reports its dials the same way.
     */
    public static DialOutcome outcomeOf(Peer peer, Throwable error) {
        if (error == null) {
            return new DialOutcome.Connected(peer);
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (!(cause instanceof HandshakeException handshake)) {
            return new DialOutcome.Failed(DialOutcome.Reason.FAILED, String.valueOf(cause.getMessage()));
        }
        DialOutcome.Reason reason = switch (handshake.failure()) {
            case SELF_CONNECTION -> DialOutcome.Reason.SELF;
            case DUPLICATE_CONNECTION -> DialOutcome.Reason.DUPLICATE;
            case BANNED -> DialOutcome.Reason.BANNED;
            case SLOTS_FULL -> DialOutcome.Reason.SLOTS_FULL;
            default -> DialOutcome.Reason.FAILED;
        };
        return new DialOutcome.Failed(reason, String.valueOf(handshake.getMessage()), handshake.alternatives());
    }

    /**
     * The own entry, when discovery advertises this node, goes first and stays empty even with an
     * advertised endpoint: the receiver reads it as the endpoint it learned in the upgrade, which is the
     * advertised one where that passed its checks.
     */
    private void sendEndpoints(NodeId peer, boolean advertiseSelf, List<HeardEndpoint> heard) {
        Endpoints.Builder message = Endpoints.newBuilder();
        if (advertiseSelf) {
            message.addEntries(Endpoints.Entry.newBuilder().setEndpoint("").setHops(0));
        }
        for (HeardEndpoint entry : heard) {
            message.addEntries(Endpoints.Entry.newBuilder()
                    .setEndpoint(entry.endpoint().toString()).setHops(entry.hops() + 1));
        }
        Endpoints built = message.build();
        registry.find(peer).filter(p -> p.state() == PeerState.ACTIVE).ifPresent(p -> p.link().send(built));
    }

    /**
     * Runs {@code operation} on the discovery thread, which owns the state it reads and changes; every
     * API read and change of discovery goes through here.
     */
    public <T> CompletableFuture<T> call(Function<Discovery, T> operation) {
        return discoveryThread.call(() -> operation.apply(discovery));
    }

    /** Discovery's counters: adders, readable from any thread. */
    public DiscoveryCounters counters() {
        return discovery.counters();
    }

    public DiscoverySettings settings() {
        return settings;
    }

    private void submit(Runnable task) {
        discoveryThread.run(task);
    }
}
