package dev.overlay.engine;

import dev.overlay.discovery.AddressBook;
import dev.overlay.discovery.Dialer;
import dev.overlay.discovery.DiscoverySettings;
import dev.overlay.handshake.FeatureSet;
import dev.overlay.handshake.HandshakeException;
import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.handshake.HandshakePolicy;
import dev.overlay.handshake.Hello;
import dev.overlay.handshake.ProtocolVersion;
import dev.overlay.handshake.TlsContexts;
import dev.overlay.identity.CertificateBindingVerifier;
import dev.overlay.identity.IdentityCertificate;
import dev.overlay.identity.NodeId;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Direction;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.peer.SourceAddress;
import dev.overlay.protocol.FrameEncoder;
import dev.overlay.relay.RelaySettings;
import dev.overlay.resource.BanStore;
import dev.overlay.resource.ResourceManager;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay's transport: the TLS peer port, outbound dialing, and the handlers that bridge Netty to
 * the peer registry. Knows nothing of Spring; {@code config.EngineLifecycle} starts and stops it.
 *
 * <p>Threading: {@link #start()} and {@link #stop()} are called by one lifecycle thread and never
 * from an event loop. {@link #connect} and {@link #disconnect} may be called from any thread.
 * Connection state belongs to each channel's event loop; the registry guards its own maps.
 * Host names are resolved, and bans stored, on a separate blocking-work thread, never on an event loop.
 */
public final class OverlayEngine implements Dialer {

    private static final Logger log = LoggerFactory.getLogger(OverlayEngine.class);
    private static final int HTTP_MAX_INITIAL_LINE = 4096;
    private static final int HTTP_MAX_HEADER_SIZE = 8192;
    private static final int HTTP_MAX_REQUEST_BODY = 1024;
    private static final int HTTP_MAX_RESPONSE_BODY = 64 * 1024;
    /** How often decayed consumers and ended bans are forgotten. */
    private static final long PRUNE_MINUTES = 1;

    private enum Status { NEW, RUNNING, STOPPED }

    private final EngineSettings settings;
    private final NodeKey nodeKey;
    private final Clock clock;
    private final SecureRandom random;
    private final PeerRegistry registry;
    private final CertificateBindingVerifier bindingVerifier;
    private final FrameEncoder frameEncoder;
    private final RelayBridge relay;
    private final DiscoveryBridge discovery;
    private final ResourceGuard resourceGuard;
    private final ExecutorService blockingWork;
    private final TrafficCounters traffic = new TrafficCounters();
    private final HandshakeMeter handshakeMeter = new HandshakeMeter(traffic.handshake());
    private final ListenerFanOut listeners = new ListenerFanOut();
    private volatile SendQueueLimits sendQueue;
    private BandwidthShaping shaping;
    private final PeerPortDocuments documents = new PeerPortDocuments(this);
    private final Map<HandshakeFailure, LongAdder> handshakeFailures = new EnumMap<>(HandshakeFailure.class);
    private final LongAdder handshakesAccepted = new LongAdder();
    private final AtomicReference<Status> status = new AtomicReference<>(Status.NEW);

    private volatile HandshakePolicy handshakePolicy;
    private volatile TlsContexts tls;
    private volatile Instant startedAt;
    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private ChannelGroup channels;
    private volatile Channel serverChannel;

    public OverlayEngine(EngineSettings settings, RelaySettings relaySettings, DiscoverySettings discoverySettings,
                         AddressBook addressBook, ResourceManager resources, BanStore banStore, NodeKey nodeKey,
                         Clock clock, SecureRandom random) {
        this.settings = settings;
        this.nodeKey = nodeKey;
        this.clock = clock;
        this.random = random;
        this.registry = new PeerRegistry(nodeKey.nodeId(), settings.slots(), settings.closedPeerCapacity(),
                settings.closedPeerRetention(), clock);
        this.bindingVerifier = new CertificateBindingVerifier(clock);
        this.frameEncoder = new FrameEncoder(settings.maxFrameSize());
        this.blockingWork = Executors.newSingleThreadExecutor(new DefaultThreadFactory("overlay-blocking", true));
        this.resourceGuard = new ResourceGuard(resources, banStore, registry, settings.connectionQuotas(), listeners,
                clock, blockingWork);
        this.sendQueue = settings.sendQueue();
        this.relay = new RelayBridge(nodeKey, relaySettings, settings.maxClockSkew(), registry, resourceGuard::charge,
                () -> sendQueue.highWater(), listeners, clock, random);
        this.discovery = new DiscoveryBridge(registry, this, addressBook, discoverySettings, resourceGuard::charge,
                clock, random);
        for (HandshakeFailure failure : HandshakeFailure.values()) {
            handshakeFailures.put(failure, new LongAdder());
        }
    }

    /** Binds the peer port; accepts nothing until the handshake policy knows the bound port. */
    public void start() {
        if (!status.compareAndSet(Status.NEW, Status.RUNNING)) {
            throw new IllegalStateException("the engine starts only once");
        }
        resourceGuard.loadBans();
        tls = TlsContexts.create(IdentityCertificate.create(nodeKey, clock, random), settings.tlsProvider());
        acceptGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("overlay-accept"),
                NioIoHandler.newFactory());
        ioGroup = new MultiThreadIoEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("overlay-io"), NioIoHandler.newFactory());
        channels = new DefaultChannelGroup("overlay-peers", GlobalEventExecutor.INSTANCE);
        shaping = new BandwidthShaping(ioGroup, channels, settings.bandwidth());

        ServerBootstrap server = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initInbound(ch);
                    }
                });
        Channel bound;
        try {
            bound = server.bind(settings.peerHost(), settings.peerPort()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            // Without this the non-daemon event loops would keep a failed process alive.
            acceptGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            ioGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            relay.stop();
            discovery.stop();
            blockingWork.shutdownNow();
            status.set(Status.STOPPED);
            throw new IllegalStateException("Cannot listen for peers on " + settings.peerHost() + ":"
                    + settings.peerPort() + ": " + e.getMessage(), e);
        }
        int port = ((InetSocketAddress) bound.localAddress()).getPort();
        handshakePolicy = new HandshakePolicy(
                new Hello(settings.networkId(), nodeKey.nodeId(), random.nextLong(), clock.instant(), port,
                        offeredFeatures(), settings.userAgent()),
                List.of(ProtocolVersion.V1_0), settings.maxClockSkew(), clock);
        startedAt = clock.instant();
        serverChannel = bound;
        ioGroup.next().scheduleWithFixedDelay(resourceGuard.manager()::prune, PRUNE_MINUTES, PRUNE_MINUTES,
                TimeUnit.MINUTES);
        bound.config().setAutoRead(true);
        discovery.start(isWildcard(settings.peerHost()) ? null : new Endpoint(settings.peerHost(), port));
        log.info("Overlay node {} listening for peers on {} (network '{}', TLS by {})", nodeKey.nodeId(),
                bound.localAddress(), settings.networkId(), settings.tlsProvider().resolve());
    }

    private WriteBufferWaterMark waterMark() {
        SendQueueLimits limits = sendQueue;
        return new WriteBufferWaterMark(limits.lowWater(), limits.highWater());
    }

    public SendQueueLimits sendQueue() {
        return sendQueue;
    }

    /** New water marks apply to every open connection and to new ones. */
    public void setSendQueue(SendQueueLimits limits) {
        this.sendQueue = limits;
        WriteBufferWaterMark mark = waterMark();
        channels.forEach(ch -> ch.config().setWriteBufferWaterMark(mark));
    }

    public Bandwidth bandwidth() {
        return shaping == null ? settings.bandwidth() : shaping.caps();
    }

    /** New caps apply at once to every connection. */
    public void setBandwidth(Bandwidth caps) {
        shaping.update(caps);
    }

    private FeatureSet offeredFeatures() {
        return relay.settings().squelchEnabled()
                ? new FeatureSet(Map.of(RelayBridge.SQUELCH_FEATURE, "1"))
                : FeatureSet.NONE;
    }

    private void initInbound(SocketChannel ch) {
        Endpoint remote = endpointOf(ch.remoteAddress());
        SourceAddress source = SourceAddress.of(ch.remoteAddress().getAddress());
        if (!resourceGuard.admitAtAccept(source)) {
            ch.close();
            return;
        }
        AtomicReference<Connection> admitted = new AtomicReference<>();
        ch.closeFuture().addListener(f -> {
            resourceGuard.connectionClosed(source);
            Connection connection = admitted.get();
            if (connection == null) {
                resourceGuard.handshakeEnded();
            } else {
                connection.endHandshake(resourceGuard);
            }
        });
        channels.add(ch);
        Connection connection = newConnection(ch, Direction.INBOUND, remote);
        admitted.set(connection);
        SslHandler ssl = tls.server().newHandler(ch.alloc());
        ssl.setHandshakeTimeoutMillis(settings.handshakeTimeout().toMillis());
        shaping.install(ch.pipeline());
        ch.pipeline()
                .addLast(PipelineNames.WIRE_BYTES, new WireMeter(connection.peer()))
                .addLast(PipelineNames.HANDSHAKE_BYTES, handshakeMeter)
                .addLast(PipelineNames.TLS, ssl)
                .addLast(PipelineNames.HTTP, new HttpServerCodec(HTTP_MAX_INITIAL_LINE, HTTP_MAX_HEADER_SIZE, 8192))
                .addLast(PipelineNames.AGGREGATOR, new HttpObjectAggregator(HTTP_MAX_REQUEST_BODY))
                .addLast(PipelineNames.HANDSHAKE_MESSAGES, handshakeMeter)
                .addLast(PipelineNames.HANDSHAKE, new InboundHandshakeHandler(this, connection));
    }

    private Connection newConnection(Channel ch, Direction direction, Endpoint remote) {
        Connection connection = new Connection(ch, clock, traffic);
        Peer peer = registry.register(direction, remote, connection);
        connection.attach(peer);
        ch.closeFuture().addListener(f -> {
            registry.remove(peer);
            if (peer.activeSince().isPresent()) {
                relay.onPeerClosed(peer);
            }
            listeners.peerClosed(peer);
            peer.disconnect().ifPresent(d -> log.debug("Closed {}: {} ({})", peer, d.reason(), d.origin()));
        });
        return connection;
    }

    /**
     * Dials {@code endpoint} and completes with the peer once it is active, or fails with a
     * {@link HandshakeException} saying why.
     */
    @Override
    public CompletableFuture<Peer> connect(Endpoint endpoint) {
        if (status.get() != Status.RUNNING) {
            return CompletableFuture.failedFuture(new HandshakeException(HandshakeFailure.SHUTTING_DOWN, null));
        }
        if (registry.slotsFull()) {
            return CompletableFuture.failedFuture(new HandshakeException(HandshakeFailure.SLOTS_FULL,
                    "all " + registry.maxPeers() + " local slots are in use"));
        }
        return CompletableFuture.supplyAsync(() -> resolve(endpoint), blockingWork)
                .thenCompose(address -> dial(endpoint, address));
    }

    private static InetSocketAddress resolve(Endpoint endpoint) {
        try {
            return new InetSocketAddress(InetAddress.getByName(endpoint.host()), endpoint.port());
        } catch (UnknownHostException e) {
            throw new CompletionException(new HandshakeException(HandshakeFailure.CONNECT_FAILED,
                    "cannot resolve " + endpoint.host()));
        }
    }

    private CompletableFuture<Peer> dial(Endpoint target, InetSocketAddress address) {
        if (resourceGuard.manager().isBanned(SourceAddress.of(address.getAddress()))) {
            return CompletableFuture.failedFuture(new HandshakeException(HandshakeFailure.BANNED, target.toString()));
        }
        CompletableFuture<Peer> result = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap()
                .group(ioGroup)
                .localAddress(isWildcard(settings.peerHost()) ? null : new InetSocketAddress(settings.peerHost(), 0))
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        Connection connection = newConnection(ch, Direction.OUTBOUND, endpointOf(address));
                        SslHandler ssl = tls.client().newHandler(ch.alloc(), target.host(), target.port());
                        ssl.setHandshakeTimeoutMillis(settings.handshakeTimeout().toMillis());
                        shaping.install(ch.pipeline());
                        ch.pipeline()
                                .addLast(PipelineNames.WIRE_BYTES, new WireMeter(connection.peer()))
                                .addLast(PipelineNames.HANDSHAKE_BYTES, handshakeMeter)
                                .addLast(PipelineNames.TLS, ssl)
                                .addLast(PipelineNames.HTTP, new HttpClientCodec(HTTP_MAX_INITIAL_LINE,
                                        HTTP_MAX_HEADER_SIZE, 8192))
                                .addLast(PipelineNames.AGGREGATOR, new HttpObjectAggregator(HTTP_MAX_RESPONSE_BODY))
                                .addLast(PipelineNames.HANDSHAKE_MESSAGES, handshakeMeter)
                                .addLast(PipelineNames.HANDSHAKE,
                                        new OutboundHandshakeHandler(OverlayEngine.this, connection, target, result));
                    }
                });
        bootstrap.connect(address).addListener(f -> {
            if (!f.isSuccess()) {
                HandshakeFailure failure = HandshakeFailure.CONNECT_FAILED;
                if (result.completeExceptionally(new HandshakeException(failure, String.valueOf(f.cause().getMessage())))) {
                    handshakeFailed(failure, target.toString());
                    log.info("Cannot connect to {}: {}", target, f.cause().getMessage());
                }
            }
        });
        return result;
    }

    /** Disconnects the peer with the given node id; false if no such peer is connected. */
    public boolean disconnect(NodeId nodeId, DisconnectReason reason, String detail) {
        return registry.find(nodeId).map(peer -> {
            peer.disconnect(reason, detail);
            return true;
        }).orElse(false);
    }

    /**
     * Closes the peer port, sends {@code Close(shutdown)} to every peer, waits for the connections to
     * end within the shutdown timeout, then stops the event loops.
     */
    public void stop() {
        if (!status.compareAndSet(Status.RUNNING, Status.STOPPED)) {
            return;
        }
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        discovery.stop();
        serverChannel.close().syncUninterruptibly();
        List<Peer> open = List.copyOf(registry.connections());
        log.info("Stopping overlay engine: closing {} connection(s)", open.size());
        open.forEach(peer -> peer.disconnect(DisconnectReason.SHUTDOWN, "node stopping"));
        channels.newCloseFuture().awaitUninterruptibly(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        channels.close().awaitUninterruptibly(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        blockingWork.shutdown();
        shaping.release();
        relay.stop();
        acceptGroup.shutdownGracefully(0, remainingMillis(deadline), TimeUnit.MILLISECONDS);
        ioGroup.shutdownGracefully(0, remainingMillis(deadline), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        log.info("Overlay engine stopped");
    }

    private static long remainingMillis(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /**
     * Endpoints a node with full slots offers instead: its active peers' listening endpoints, then
     * endpoints from the livecache; never the requester's own.
     */
    List<Endpoint> alternativesFor(Peer requester) {
        return discovery.discovery().alternativesFor(requester.listeningEndpoint());
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    void handshakeFailed(HandshakeFailure failure, String remoteAddress) {
        handshakeFailures.get(failure).increment();
        listeners.handshakeRejected(failure, remoteAddress);
    }

    /**
     * Marks an admitted peer active, telling the relay first: the relay learns of peers on its own
     * thread, and a caller that sees the peer active and then publishes must find it among the relay's
     * peers (the listening side used to show a peer active before its relay knew it, and a message
     * published then never went to that peer).
     */
    boolean activate(Peer peer) {
        return registry.activate(peer, () -> relay.onPeerActivated(peer));
    }

    void peerActivated(Peer peer) {
        handshakesAccepted.increment();
        listeners.peerActivated(peer);
    }

    void latencyMeasured(Duration roundTrip) {
        listeners.latencyMeasured(roundTrip);
    }

    /** Registers a listener; it is called on event loops and must not block. */
    public void addListener(EngineListener listener) {
        listeners.add(listener);
    }

    public TrafficCounters traffic() {
        return traffic;
    }

    /** Handshakes that ended in an active peer, since start. */
    public long handshakesAccepted() {
        return handshakesAccepted.sum();
    }

    /** How many handshakes failed, by reason, since start. */
    public Map<HandshakeFailure, Long> handshakeFailureCounts() {
        Map<HandshakeFailure, Long> counts = new EnumMap<>(HandshakeFailure.class);
        handshakeFailures.forEach((failure, adder) -> counts.put(failure, adder.sum()));
        return counts;
    }

    private static Endpoint endpointOf(java.net.SocketAddress address) {
        InetSocketAddress inet = (InetSocketAddress) address;
        String host = inet.getAddress().getHostAddress();
        int scope = host.indexOf('%');
        return new Endpoint(scope < 0 ? host : host.substring(0, scope), Math.max(1, inet.getPort()));
    }

    /** The overlay is healthy when it listens and at least {@code minPeers} peers are active. */
    public boolean isHealthy() {
        return isListening() && registry.activeCount() >= settings.minPeers();
    }

    public boolean isListening() {
        Channel channel = serverChannel;
        return status.get() == Status.RUNNING && channel != null && channel.isActive();
    }

    /** Whether the I/O event loops can still run work; false once they shut down. */
    public boolean eventLoopsAlive() {
        EventLoopGroup group = ioGroup;
        return group != null && !group.isShuttingDown();
    }

    /** The bound peer port, or the configured one before start. */
    public int peerPort() {
        Channel channel = serverChannel;
        return channel == null ? settings.peerPort() : ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public Duration uptime() {
        Instant started = startedAt;
        return started == null ? Duration.ZERO : Duration.between(started, clock.instant());
    }

    public NodeId nodeId() {
        return nodeKey.nodeId();
    }

    public EngineSettings settings() {
        return settings;
    }

    public PeerRegistry registry() {
        return registry;
    }

    public Clock clock() {
        return clock;
    }

    public ResourceGuard resources() {
        return resourceGuard;
    }

    public DiscoveryBridge discovery() {
        return discovery;
    }

    public RelayBridge relay() {
        return relay;
    }

    HandshakePolicy handshakePolicy() {
        return handshakePolicy;
    }

    CertificateBindingVerifier bindingVerifier() {
        return bindingVerifier;
    }

    FrameEncoder frameEncoder() {
        return frameEncoder;
    }

    PeerPortDocuments documents() {
        return documents;
    }
}
