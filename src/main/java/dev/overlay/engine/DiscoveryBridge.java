package dev.overlay.engine;

import dev.overlay.discovery.AddressBook;
import dev.overlay.discovery.Discovery;
import dev.overlay.discovery.DiscoveryCounters;
import dev.overlay.discovery.DiscoverySettings;
import dev.overlay.discovery.GossipOutput;
import dev.overlay.discovery.HeardEndpoint;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.peer.PeerState;
import dev.overlay.peer.SourceAddress;
import dev.overlay.protocol.proto.Endpoints;
import dev.overlay.resource.Fee;
import dev.overlay.resource.ResourceManager;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the core {@link Discovery} to the transport: runs it on its own discovery thread (which
 * may block on the address book, so never an event loop), parses and checks {@code Endpoints} frames
 * on the event loops, and sends gossip.
 *
 * <p>Threading: {@link #onEndpoints} runs on event loops and only submits; the {@link GossipOutput}
 * method runs on the discovery thread; {@link #call} runs any query there.
 */
public final class DiscoveryBridge implements GossipOutput {

    private static final Logger log = LoggerFactory.getLogger(DiscoveryBridge.class);

    private final PeerRegistry registry;
    private final DiscoverySettings settings;
    private final Discovery discovery;
    private final ScheduledExecutorService discoveryThread;
    private final BiConsumer<Peer, Fee> charger;

    DiscoveryBridge(PeerRegistry registry, OverlayEngine engine, AddressBook addressBook, DiscoverySettings settings,
                    BiConsumer<Peer, Fee> charger, Clock clock, RandomGenerator random) {
        this.registry = registry;
        this.charger = charger;
        this.settings = settings;
        this.discovery = new Discovery(registry, engine, addressBook, settings, this,
                endpoint -> banned(engine.resources().manager(), endpoint), clock, random);
        this.discoveryThread = Executors.newSingleThreadScheduledExecutor(
                new DefaultThreadFactory("overlay-discovery", true));
    }

    void start(Endpoint ownEndpoint) {
        submit(() -> {
            if (ownEndpoint != null) {
                discovery.ownEndpoint(ownEndpoint);
            }
        });
        long millis = settings.tickInterval().toMillis();
        discoveryThread.scheduleWithFixedDelay(() -> run(discovery::tick), 0, millis, TimeUnit.MILLISECONDS);
    }

    void stop() {
        discoveryThread.shutdownNow();
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
            return isRoutableLiteral(endpoint.host()) ? new HeardEndpoint(endpoint, (int) hops) : null;
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

    /** Gossip carries IP literals only (a name would need DNS on receipt); no wildcard or multicast. */
    private static boolean isRoutableLiteral(String host) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
        if (bytes == null) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByAddress(bytes);
            return !address.isAnyLocalAddress() && !address.isMulticastAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void sendEndpoints(NodeId peer, List<HeardEndpoint> heard) {
        Endpoints.Builder message = Endpoints.newBuilder()
                .addEntries(Endpoints.Entry.newBuilder().setEndpoint("").setHops(0));
        for (HeardEndpoint entry : heard) {
            message.addEntries(Endpoints.Entry.newBuilder()
                    .setEndpoint(entry.endpoint().toString()).setHops(entry.hops() + 1));
        }
        Endpoints built = message.build();
        registry.find(peer).filter(p -> p.state() == PeerState.ACTIVE)
                .ifPresent(p -> ((Connection) p.link()).send(built));
    }

    /** Runs a query on the discovery thread, which owns the state it reads. */
    public <T> CompletableFuture<T> call(Callable<T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            discoveryThread.execute(() -> {
                try {
                    result.complete(query.call());
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            result.completeExceptionally(new IllegalStateException("the node is shutting down"));
        }
        return result;
    }

    public DiscoverySettings settings() {
        return settings;
    }

    public Discovery discovery() {
        return discovery;
    }

    private void submit(Runnable task) {
        try {
            discoveryThread.execute(() -> run(task));
        } catch (RejectedExecutionException stopping) {
            log.debug("Discovery stopped; dropped a task");
        }
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("Discovery task failed; it runs again on the next tick", e);
        }
    }
}
