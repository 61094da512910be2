package dev.overlay.engine;

import dev.overlay.discovery.Dialer;
import dev.overlay.handshake.FeatureSet;
import dev.overlay.handshake.HandshakeException;
import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.handshake.HandshakePolicy;
import dev.overlay.handshake.Hello;
import dev.overlay.handshake.ProtocolVersion;
import dev.overlay.identity.CertificateBindingVerifier;
import dev.overlay.identity.IdentityCertificate;
import dev.overlay.identity.NodeKey;
import dev.overlay.peer.Activation;
import dev.overlay.peer.Direction;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.PeerRegistry;
import dev.overlay.peer.SourceAddress;
import dev.overlay.protocol.FrameEncoder;
import dev.overlay.tls.TlsContexts;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay's transport: binds the TLS peer port, dials, and stops. Every channel gets its pipeline
 * from {@link PeerPipelines} and its peer from {@link Activation}; one close listener per channel
 * tells {@link Activation} it ended. Knows nothing of Spring; {@link OverlayNode} assembles it.
 *
 * <p>Threading: {@link #start()} and {@link #stop()} are called by one lifecycle thread and never
 * from an event loop. {@link #connect} may be called from any thread. Connection state belongs to each
 * channel's event loop; host names are resolved on the blocking-work thread, never on an event loop.
 */
public final class OverlayEngine implements Dialer {

    private static final Logger log = LoggerFactory.getLogger(OverlayEngine.class);
    /** How often decayed consumers and ended bans are forgotten. */
    private static final long PRUNE_MINUTES = 1;

    private enum Status { NEW, RUNNING, STOPPED }

    /** The node's parts the transport connects to; built by {@link OverlayNode}. */
    record Parts(NodeKey nodeKey, PeerRegistry registry, Activation activation, ResourceGuard resources,
                 RelayBridge relay, SyncBridge sync, DiscoveryBridge discovery, TrafficCounters traffic,
                 EngineListener listeners, HandshakeStats handshakes, TransportLimits limits, ExecutorService blockingWork) {
    }

    private final EngineSettings settings;
    private final Parts parts;
    private final Clock clock;
    private final SecureRandom random;
    private final AtomicReference<Status> status = new AtomicReference<>(Status.NEW);

    private volatile PeerPipelines pipelines;
    private volatile HandshakeContext handshake;
    private EventLoopGroup acceptGroup;
    private volatile EventLoopGroup ioGroup;
    private ChannelGroup channels;
    private BandwidthShaping shaping;
    private volatile Channel serverChannel;

    OverlayEngine(EngineSettings settings, Parts parts, Clock clock, SecureRandom random) {
        this.settings = settings;
        this.parts = parts;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Binds the peer port; accepts nothing until the handshake policy knows the bound port.
     *
     * @param status told when the node has started, and asked for the peer port's documents
     */
    void start(NodeStatus status) {
        if (!this.status.compareAndSet(Status.NEW, Status.RUNNING)) {
            throw new IllegalStateException("the engine starts only once");
        }
        parts.resources().loadBans();
        acceptGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("overlay-accept"),
                NioIoHandler.newFactory());
        ioGroup = new MultiThreadIoEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("overlay-io"),
                NioIoHandler.newFactory());
        channels = new DefaultChannelGroup("overlay-peers", GlobalEventExecutor.INSTANCE);
        shaping = new BandwidthShaping(ioGroup, channels, parts.limits().bandwidth());
        parts.limits().attach(channels, shaping);
        pipelines = new PeerPipelines(new PeerPipelines.Config(
                TlsContexts.create(IdentityCertificate.create(parts.nodeKey(), clock, random),
                        settings.tlsProvider()),
                settings.handshakeTimeout(), settings.maxFrameSize(), shaping,
                new HandshakeMeter(parts.traffic().handshake()), new FrameEncoder(settings.maxFrameSize()),
                new ActivePeerHandler.Services(parts.relay(), parts.sync(), parts.discovery(), parts.resources(), parts.traffic(),
                        parts.listeners(), settings.pingInterval(), settings.pingTimeout(),
                        settings.sendQueue().slowTimeout(), parts.discovery().settings().gossipInterval())));

        ServerBootstrap server = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, parts.limits().waterMark())
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
            parts.relay().stop();
            parts.sync().stop();
            parts.discovery().stop();
            parts.blockingWork().shutdownNow();
            this.status.set(Status.STOPPED);
            throw new IllegalStateException("Cannot listen for peers on " + settings.peerHost() + ":"
                    + settings.peerPort() + ": " + e.getMessage(), e);
        }
        int port = ((InetSocketAddress) bound.localAddress()).getPort();
        HandshakePolicy policy = new HandshakePolicy(
                new Hello(settings.networkId(), parts.nodeKey().nodeId(), random.nextLong(), clock.instant(), port,
                        offeredFeatures(), settings.userAgent(), settings.advertisedEndpoint()),
                List.of(ProtocolVersion.V1_0), settings.maxClockSkew(), clock);
        handshake = new HandshakeContext(settings.handshakeTimeout(), settings.userAgent(), policy,
                new CertificateBindingVerifier(clock), parts.registry(), parts.activation(), pipelines,
                new PeerPortDocuments(status, parts.registry()), parts.handshakes(), parts.resources(),
                parts.discovery()::alternativesFor, clock);
        status.started();
        serverChannel = bound;
        ioGroup.next().scheduleWithFixedDelay(parts.resources().manager()::prune, PRUNE_MINUTES, PRUNE_MINUTES,
                TimeUnit.MINUTES);
        bound.config().setAutoRead(true);
        parts.discovery().start(isWildcard(settings.peerHost()) ? null : new Endpoint(settings.peerHost(), port), this);
        log.info("Overlay node {} listening for peers on {} (network '{}', TLS by {})", parts.nodeKey().nodeId(),
                bound.localAddress(), settings.networkId(), settings.tlsProvider().resolve());
    }

    private FeatureSet offeredFeatures() {
        Map<String, String> features = new HashMap<>();
        if (parts.relay().settings().squelchEnabled()) {
            features.put(RelayBridge.SQUELCH_FEATURE, "1");
        }
        if (parts.sync().settings().enabled()) {
            features.put(SyncBridge.FEATURE, "1");
        }
        return features.isEmpty() ? FeatureSet.NONE : new FeatureSet(features);
    }

    private void initInbound(SocketChannel ch) {
        Optional<Runnable> permit = parts.resources().admitAtAccept(
                SourceAddress.of(ch.remoteAddress().getAddress()), ch::close);
        if (permit.isEmpty()) {
            ch.close();
            return;
        }
        channels.add(ch);
        Connection connection = newConnection(ch, Direction.INBOUND, Endpoints.of(ch.remoteAddress()));
        parts.resources().handshakeStarted(connection.peer(), permit.get());
        pipelines.inbound(ch, connection, new InboundHandshakeHandler(handshake, connection));
    }

    /** Registers the channel's peer; the channel's one close listener ends it through {@link Activation}. */
    private Connection newConnection(Channel ch, Direction direction, Endpoint remote) {
        Connection connection = new Connection(ch, clock, parts.traffic(), parts.limits()::highWater,
                parts.relay()::countShed);
        Peer peer = parts.registry().register(direction, remote, connection);
        connection.attach(peer);
        ch.closeFuture().addListener(f -> parts.activation().closed(peer));
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
        if (parts.registry().slotsFull()) {
            return CompletableFuture.failedFuture(new HandshakeException(HandshakeFailure.SLOTS_FULL,
                    "all " + parts.registry().maxPeers() + " local slots are in use"));
        }
        return CompletableFuture.supplyAsync(() -> resolve(endpoint), parts.blockingWork())
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
        if (parts.resources().manager().isBanned(SourceAddress.of(address.getAddress()))) {
            return CompletableFuture.failedFuture(new HandshakeException(HandshakeFailure.BANNED, target.toString()));
        }
        CompletableFuture<Peer> result = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap()
                .group(ioGroup)
                .localAddress(isWildcard(settings.peerHost()) ? null : new InetSocketAddress(settings.peerHost(), 0))
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, parts.limits().waterMark())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        Connection connection = newConnection(ch, Direction.OUTBOUND, Endpoints.of(address));
                        pipelines.outbound(ch, connection, target.host(), target.port(),
                                new OutboundHandshakeHandler(handshake, connection, target, result));
                    }
                });
        bootstrap.connect(address).addListener(f -> {
            if (!f.isSuccess()) {
                HandshakeFailure failure = HandshakeFailure.CONNECT_FAILED;
                if (result.completeExceptionally(new HandshakeException(failure, String.valueOf(f.cause().getMessage())))) {
                    parts.handshakes().failed(failure, target.toString());
                    log.info("Cannot connect to {}: {}", target, f.cause().getMessage());
                }
            }
        });
        return result;
    }

    /**
     * Closes the peer port, sends {@code Close(shutdown)} to every peer, waits for the connections to
     * end within the shutdown timeout, drains the sync and then the relay thread (sync hands recovered
     * messages to the relay; each waits up to {@link OwnerThread#DRAIN_TIMEOUT}), then stops the event
     * loops. On return the relay has handed every delivery it had queued to the message log, which
     * may be closed now.
     */
    void stop() {
        if (!status.compareAndSet(Status.RUNNING, Status.STOPPED)) {
            return;
        }
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        parts.discovery().stop();
        serverChannel.close().syncUninterruptibly();
        List<Peer> open = List.copyOf(parts.registry().connections());
        log.info("Stopping overlay engine: closing {} connection(s)", open.size());
        open.forEach(peer -> peer.disconnect(DisconnectReason.SHUTDOWN, "node stopping"));
        channels.newCloseFuture().awaitUninterruptibly(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        channels.close().awaitUninterruptibly(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        parts.blockingWork().shutdown();
        shaping.release();
        parts.sync().stop();
        parts.relay().stop();
        acceptGroup.shutdownGracefully(0, remainingMillis(deadline), TimeUnit.MILLISECONDS);
        ioGroup.shutdownGracefully(0, remainingMillis(deadline), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        log.info("Overlay engine stopped");
    }

    private static long remainingMillis(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    boolean isListening() {
        Channel channel = serverChannel;
        return status.get() == Status.RUNNING && channel != null && channel.isActive();
    }

    boolean eventLoopsAlive() {
        EventLoopGroup group = ioGroup;
        return group != null && !group.isShuttingDown();
    }

    int peerPort() {
        Channel channel = serverChannel;
        return channel == null ? settings.peerPort() : ((InetSocketAddress) channel.localAddress()).getPort();
    }
}
