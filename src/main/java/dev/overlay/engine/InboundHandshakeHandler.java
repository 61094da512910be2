package dev.overlay.engine;

import dev.overlay.handshake.HandshakeException;
import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.handshake.HandshakeHeaders;
import dev.overlay.handshake.Hello;
import dev.overlay.handshake.Negotiation;
import dev.overlay.handshake.ProtocolVersion;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Admission;
import dev.overlay.peer.Disconnect;
import dev.overlay.peer.DisconnectOrigin;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Peer;
import dev.overlay.resource.Fee;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepting side of the handshake: after TLS, answers {@code /health} and {@code /crawl}, or
 * checks an upgrade request and either switches the connection to frames or rejects it with a reason.
 * A connection that has not upgraded when the handshake timeout fires is cut off.
 *
 * <p>Threading: one instance per channel, confined to its event loop.
 */
final class InboundHandshakeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(InboundHandshakeHandler.class);

    /** Refusals caused by a broken or hostile client, as opposed to a mismatch (network, version, slots). */
    private static final Set<HandshakeFailure> CHARGED = EnumSet.of(HandshakeFailure.MALFORMED_REQUEST,
            HandshakeFailure.NO_CLIENT_CERTIFICATE, HandshakeFailure.CERTIFICATE_BINDING_INVALID,
            HandshakeFailure.PUBLIC_KEY_MISMATCH, HandshakeFailure.HANDSHAKE_TIMEOUT, HandshakeFailure.TLS_FAILED);

    private final OverlayEngine engine;
    private final Connection connection;
    private ScheduledFuture<?> timeout;
    private boolean tlsEstablished;

    InboundHandshakeHandler(OverlayEngine engine, Connection connection) {
        this.engine = engine;
        this.connection = connection;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        long millis = engine.settings().handshakeTimeout().toMillis();
        timeout = ctx.executor().schedule(() -> onTimeout(ctx), millis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    private void onTimeout(ChannelHandlerContext ctx) {
        HandshakeException timedOut = new HandshakeException(HandshakeFailure.HANDSHAKE_TIMEOUT,
                "not upgraded within " + engine.settings().handshakeTimeout().toMillis() + " ms");
        if (tlsEstablished) {
            reject(ctx, timedOut);
        } else {
            failed(timedOut);
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent completion) {
            if (completion.isSuccess()) {
                tlsEstablished = true;
            } else {
                failed(HandshakeSupport.tlsFailure(completion.cause()));
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            reject(ctx, new HandshakeException(HandshakeFailure.MALFORMED_REQUEST,
                    String.valueOf(request.decoderResult().cause().getMessage())));
            return;
        }
        String path = request.uri().split("\\?", 2)[0];
        boolean upgrade = request.headers().contains(HttpHeaderNames.UPGRADE);
        if (!upgrade && request.method().equals(HttpMethod.GET) && path.equals("/health")) {
            HttpReplies.json(ctx, engine.isHealthy() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    engine.documents().health());
        } else if (!upgrade && request.method().equals(HttpMethod.GET) && path.equals("/crawl")) {
            HttpReplies.json(ctx, HttpResponseStatus.OK, engine.documents().crawl());
        } else if (upgrade) {
            try {
                upgrade(ctx, request);
            } catch (HandshakeException e) {
                reject(ctx, e);
            }
        } else {
            HttpReplies.json(ctx, HttpResponseStatus.NOT_FOUND,
                    Map.of("reason", "not-found", "detail", "the peer port serves /health, /crawl and the upgrade"));
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.method().equals(HttpMethod.GET)) {
            throw new HandshakeException(HandshakeFailure.MALFORMED_REQUEST, "the upgrade must be a GET");
        }
        NodeId certified = HandshakeSupport.certifiedNodeId(ctx, engine);
        Function<String, String> headers = HandshakeHeaders.single(request.headers()::getAll);
        List<ProtocolVersion> offered = Hello.readVersions(headers);
        Hello hello = Hello.read(headers);
        Negotiation negotiation = engine.handshakePolicy().check(hello, certified, offered);
        Peer peer = connection.peer();
        HandshakeSupport.identify(peer, ctx, certified, hello, negotiation);
        Admission admission = engine.registry().admit(peer);
        switch (admission.outcome()) {
            case SELF -> throw new HandshakeException(HandshakeFailure.SELF_CONNECTION, null);
            case DUPLICATE -> throw new HandshakeException(HandshakeFailure.DUPLICATE_CONNECTION,
                    "a connection to " + certified.shortForm() + " already exists");
            case SLOTS_FULL -> throw new HandshakeException(HandshakeFailure.SLOTS_FULL,
                    engine.registry().usedSlots() + " of " + engine.registry().maxPeers() + " slots in use",
                    engine.alternativesFor(peer));
            case ADDRESS_LIMIT -> throw new HandshakeException(HandshakeFailure.SLOTS_FULL,
                    "too many connections from " + peer.remoteAddress().host(), engine.alternativesFor(peer));
            case ADMITTED -> { }
        }

        ctx.writeAndFlush(switchingProtocols(negotiation));
        HandshakeSupport.switchToFrames(ctx, engine, connection);
        connection.endHandshake();
        if (!engine.activate(peer)) {
            HandshakeSupport.closeOrphan(admission);
            connection.closeLocally(DisconnectReason.DUPLICATE_CONNECTION, "displaced during the handshake");
            return;
        }
        engine.peerActivated(peer);
        log.info("Activated {} ({}, features {})", peer, negotiation.version(), negotiation.features().header());
        admission.displaced().ifPresent(old -> old.disconnect(DisconnectReason.DUPLICATE_CONNECTION,
                Admission.displacementText(peer, old)));
    }

    private FullHttpResponse switchingProtocols(Negotiation negotiation) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SWITCHING_PROTOCOLS);
        response.headers()
                .set(HttpHeaderNames.UPGRADE, negotiation.version().toString())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.SERVER, engine.settings().userAgent());
        Hello local = engine.handshakePolicy().localHello();
        new Hello(local.networkId(), local.nodeId(), local.instanceCookie(), local.networkTime(),
                local.listenPort(), negotiation.features(), local.userAgent())
                .write(response.headers()::set);
        return response;
    }

    private void reject(ChannelHandlerContext ctx, HandshakeException rejection) {
        failed(rejection);
        HttpReplies.reject(ctx, rejection, engine.settings().userAgent());
    }

    private void failed(HandshakeException failure) {
        log.info("Rejected inbound connection from {}: {}", connection.peer().remoteAddress(), failure.getMessage());
        connection.peer().markClosing(new Disconnect(DisconnectReason.HANDSHAKE_FAILED,
                DisconnectOrigin.LOCAL, failure.failure().code(), engine.clock().instant()));
        engine.handshakeFailed(failure.failure(), connection.peer().remoteAddress().toString());
        if (CHARGED.contains(failure.failure())) {
            engine.resources().chargeAddress(connection.peer().source(), Fee.HANDSHAKE_FAILURE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Error before upgrade from {}", connection.peer().remoteAddress(), cause);
        ctx.close();
    }
}
