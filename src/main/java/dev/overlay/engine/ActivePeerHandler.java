package dev.overlay.engine;

import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Peer;
import dev.overlay.protocol.Frame;
import dev.overlay.protocol.ProtocolViolationException;
import dev.overlay.protocol.proto.Close;
import dev.overlay.protocol.proto.Endpoints;
import dev.overlay.protocol.proto.LoadWarning;
import dev.overlay.protocol.proto.Ping;
import dev.overlay.protocol.proto.Pong;
import dev.overlay.protocol.proto.Publish;
import dev.overlay.protocol.proto.Squelch;
import dev.overlay.protocol.proto.SyncFetch;
import dev.overlay.protocol.proto.SyncMessages;
import dev.overlay.protocol.proto.SyncRanges;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of an upgraded connection: answers and sends pings, measures latency, honours
 * {@code Close}, hands {@code Publish} and {@code Squelch} to the relay, the sync frames to reconciliation
 * and {@code Endpoints} to discovery,
 * disconnects a peer whose send queue stays over its bound, and turns protocol violations
 * into a disconnect with a reason.
 *
 * <p>Threading: one instance per channel, confined to its event loop, which owns the ping state.
 */
final class ActivePeerHandler extends SimpleChannelInboundHandler<Frame> {

    private static final Logger log = LoggerFactory.getLogger(ActivePeerHandler.class);

    /**
     * What an upgraded connection hands its frames to, and its timing.
     *
     * @param slowTimeout how long the send queue may stay over its bound before the peer is dropped
     */
    record Services(RelayBridge relay, SyncBridge sync, DiscoveryBridge discovery, ResourceGuard resources, TrafficCounters traffic,
                    EngineListener listeners, Duration pingInterval, Duration pingTimeout, Duration slowTimeout,
                    Duration gossipInterval) {
    }

    private final Services services;
    private final Connection connection;
    private final Peer peer;
    private final long minGossipSpacingNanos;
    private final long pingIntervalNanos;
    private final long pingTimeoutNanos;
    private final long slowTimeoutNanos;

    private ScheduledFuture<?> pingTask;
    private ScheduledFuture<?> slowCheck;
    private long outstandingNonce;
    private long pingSentAt;
    private long lastHeardAt;
    private long lastEndpointsAt;
    private long unwritableSince;

    ActivePeerHandler(Services services, Connection connection) {
        this.services = services;
        this.connection = connection;
        this.peer = connection.peer();
        this.minGossipSpacingNanos = services.gossipInterval().toNanos() / 2;
        this.pingIntervalNanos = services.pingInterval().toNanos();
        this.pingTimeoutNanos = services.pingTimeout().toNanos();
        this.slowTimeoutNanos = services.slowTimeout().toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        lastHeardAt = System.nanoTime();
        pingTask = ctx.executor().scheduleWithFixedDelay(this::pingOrGiveUp, 0, pingIntervalNanos,
                TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        pingTask.cancel(false);
        if (slowCheck != null) {
            slowCheck.cancel(false);
        }
    }

    private void pingOrGiveUp() {
        long now = System.nanoTime();
        if (now - lastHeardAt > pingTimeoutNanos) {
            connection.closeLocally(DisconnectReason.PING_TIMEOUT,
                    "silent for " + TimeUnit.NANOSECONDS.toSeconds(now - lastHeardAt) + " s");
            return;
        }
        outstandingNonce = ThreadLocalRandom.current().nextLong();
        pingSentAt = now;
        connection.send(Ping.newBuilder().setNonce(outstandingNonce).build());
    }

    /**
     * Times a send queue over its bound on a timer of its own, so that a slow peer is dropped when the
     * slow-peer timeout has passed, not at the next ping tick after it (which took up to the ping
     * interval longer).
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            unwritableSince = 0;
            if (slowCheck != null) {
                slowCheck.cancel(false);
                slowCheck = null;
            }
        } else if (unwritableSince == 0) {
            unwritableSince = System.nanoTime();
            slowCheck = ctx.executor().schedule(this::dropIfStillSlow, slowTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void dropIfStillSlow() {
        if (unwritableSince != 0) {
            connection.closeLocally(DisconnectReason.SLOW, "send queue over its bound for "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unwritableSince) + " ms");
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        peer.recordMessageIn();
        services.traffic().inbound(frame.type(), frame.wireSize());
        lastHeardAt = System.nanoTime();
        switch (frame.type()) {
            case PING -> connection.send(Pong.newBuilder().setNonce(((Ping) frame.body()).getNonce()).build());
            case PONG -> onPong((Pong) frame.body());
            case CLOSE -> connection.closedByRemote((Close) frame.body());
            case ENDPOINTS -> onEndpoints((Endpoints) frame.body());
            case PUBLISH -> services.relay().onPublish(peer, (Publish) frame.body());
            case SQUELCH -> services.relay().onSquelch(peer, (Squelch) frame.body());
            case LOAD_WARNING -> log.warn("{} warns that our load on it is high ({})", peer,
                    ((LoadWarning) frame.body()).getReason());
            case SYNC_RANGES -> services.sync().onSyncRanges(peer, (SyncRanges) frame.body());
            case SYNC_FETCH -> services.sync().onSyncFetch(peer, (SyncFetch) frame.body());
            case SYNC_MESSAGES -> services.sync().onSyncMessages(peer, (SyncMessages) frame.body());
        }
    }

    /** Gossip faster than half the gossip interval is flooding: counted and dropped. */
    private void onEndpoints(Endpoints endpoints) {
        long now = System.nanoTime();
        if (lastEndpointsAt != 0 && now - lastEndpointsAt < minGossipSpacingNanos) {
            services.discovery().onGossipFlood(peer);
            return;
        }
        lastEndpointsAt = now;
        services.discovery().onEndpoints(peer, endpoints);
    }

    private void onPong(Pong pong) {
        if (pingSentAt != 0 && pong.getNonce() == outstandingNonce) {
            Duration roundTrip = Duration.ofNanos(System.nanoTime() - pingSentAt);
            peer.recordLatency(roundTrip);
            services.listeners().latencyMeasured(roundTrip);
            pingSentAt = 0;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof ProtocolViolationException violation) {
            services.resources().charge(peer, DisconnectReasons.feeOf(violation.violation()));
            connection.closeLocally(DisconnectReasons.of(violation.violation()), violation.getMessage());
            return;
        }
        log.debug("Transport error on {}", peer, cause);
        connection.closeLocally(DisconnectReason.CONNECTION_LOST, String.valueOf(cause.getMessage()));
    }
}
