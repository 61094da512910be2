package dev.overlay.engine;

import dev.overlay.discovery.AddressBook;
import dev.overlay.discovery.DiscoverySettings;
import dev.overlay.identity.NodeId;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Activation;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerEvents;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.relay.RelaySettings;
import dev.overlay.resource.BanStore;
import dev.overlay.resource.ResourceManager;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.security.SecureRandom;
import java.time.Clock;
import dev.overlay.sync.MessageLog;
import dev.overlay.sync.SyncSettings;
import dev.overlay.sync.VolatileLogStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Assembles one node: the registry and {@link Activation}, resource accounting, the relay, sync and
 * discovery bridges (the relay keeping the message log), the counters, and the {@link OverlayEngine} that connects them to sockets. The
 * parts are handed out once, to the wiring ({@code config}, which makes each a bean) and to tests and
 * tools that run nodes without Spring; handlers and controllers get only the parts they use.
 *
 * <p>Threading: built on one thread; {@link #start()} and {@link #stop()} are called by one lifecycle
 * thread. Each part states its own threading rule.
 */
public final class OverlayNode {

    private final PeerRegistry registry;
    private final Activation activation;
    private final ListenerFanOut listeners = new ListenerFanOut();
    private final TrafficCounters traffic = new TrafficCounters();
    private final HandshakeStats handshakes = new HandshakeStats(listeners);
    private final ResourceGuard resources;
    private final RelayBridge relay;
    private final SyncBridge sync;
    private final DiscoveryBridge discovery;
    private final TransportLimits limits;
    private final OverlayEngine engine;
    private final NodeStatus status;

    /** A node whose message log lives in memory only, with the default log and reconciliation settings. */
    public OverlayNode(EngineSettings settings, RelaySettings relaySettings, DiscoverySettings discoverySettings,
                       AddressBook addressBook, ResourceManager resourceManager, BanStore banStore, NodeKey nodeKey,
                       Clock clock, SecureRandom random) {
        this(settings, relaySettings, discoverySettings, SyncSettings.DEFAULT,
                MessageLog.open(new VolatileLogStore(), SyncSettings.DEFAULT.log(), clock), addressBook,
                resourceManager, banStore, nodeKey, clock, random);
    }

    public OverlayNode(EngineSettings settings, RelaySettings relaySettings, DiscoverySettings discoverySettings,
                       SyncSettings syncSettings, MessageLog messageLog, AddressBook addressBook,
                       ResourceManager resourceManager, BanStore banStore, NodeKey nodeKey, Clock clock,
                       SecureRandom random) {
        this.registry = new PeerRegistry(nodeKey.nodeId(), settings.slots(), settings.closedPeerCapacity(),
                settings.closedPeerRetention(), clock);
        this.activation = new Activation(registry);
        ExecutorService blockingWork = Executors.newSingleThreadExecutor(
                new DefaultThreadFactory("overlay-blocking", true));
        this.resources = new ResourceGuard(resourceManager, banStore, registry, settings.connectionQuotas(), listeners,
                clock, blockingWork);
        this.limits = new TransportLimits(settings.sendQueue(), settings.bandwidth());
        this.relay = new RelayBridge(nodeKey, relaySettings, settings.maxClockSkew(), resources::charge, listeners,
                clock, random);
        relay.keepLog(messageLog);
        this.sync = new SyncBridge(syncSettings, messageLog, relay, resources::charge, settings.maxFrameSize(), clock,
                random);
        this.discovery = new DiscoveryBridge(registry, resourceManager, addressBook, discoverySettings,
                settings.advertisedEndpoint(), resources::charge, relay::selectedSources, clock, random);
        activation.subscribe(relay);
        activation.subscribe(sync);
        activation.subscribe(resources);
        activation.subscribe(handshakes);
        activation.subscribe(new PeerEvents() {
            @Override
            public void activated(Peer peer) {
                listeners.peerActivated(peer);
            }

            @Override
            public void closed(Peer peer) {
                listeners.peerClosed(peer);
            }
        });
        this.engine = new OverlayEngine(settings, new OverlayEngine.Parts(nodeKey, registry, activation, resources,
                relay, sync, discovery, traffic, listeners, handshakes, limits, blockingWork), clock, random);
        this.status = new NodeStatus(nodeKey.nodeId(), settings, registry, clock, engine);
    }

    /** Binds the peer port and starts discovery. */
    public void start() {
        engine.start(status);
    }

    /**
     * Closes every connection, stops the owner threads once they have run what they had queued (within
     * a bound), and stops the event loops. Blocks; once it returns, the message log may be closed.
     */
    public void stop() {
        engine.stop();
    }

    /** Dials an endpoint; completes with the active peer or fails with the handshake's reason. */
    public CompletableFuture<Peer> connect(Endpoint endpoint) {
        return engine.connect(endpoint);
    }

    /** Registers a listener; it is called on event loops and must not block. */
    public void addListener(EngineListener listener) {
        listeners.add(listener);
    }

    public ListenerFanOut listeners() {
        return listeners;
    }

    public NodeId nodeId() {
        return status.nodeId();
    }

    /** The bound peer port, or the configured one before start. */
    public int peerPort() {
        return status.peerPort();
    }

    public PeerRegistry registry() {
        return registry;
    }

    public RelayBridge relay() {
        return relay;
    }

    public SyncBridge sync() {
        return sync;
    }

    public DiscoveryBridge discovery() {
        return discovery;
    }

    public ResourceGuard resources() {
        return resources;
    }

    public TrafficCounters traffic() {
        return traffic;
    }

    public HandshakeStats handshakes() {
        return handshakes;
    }

    public TransportLimits limits() {
        return limits;
    }

    public NodeStatus status() {
        return status;
    }
}
