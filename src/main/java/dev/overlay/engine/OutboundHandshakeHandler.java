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
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The dialing side of the handshake: once TLS is up, proves the remote identity, sends the upgrade
 * request and completes {@link #result} with the active peer, or fails it with the reason the remote
 * gave (and the alternatives a full node offered).
 *
 * <p>Threading: one instance per channel, confined to its event loop.
 */
final class OutboundHandshakeHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

    private static final Logger log = LoggerFactory.getLogger(OutboundHandshakeHandler.class);
    /** A dialer takes at most this many redirect endpoints from one answer, as rippled does. */
    private static final int MAX_ALTERNATIVES = 30;

    private final OverlayEngine engine;
    private final Connection connection;
    private final Endpoint target;
    private final CompletableFuture<Peer> result;
    private ScheduledFuture<?> timeout;
    private NodeId certified;

    OutboundHandshakeHandler(OverlayEngine engine, Connection connection, Endpoint target,
                             CompletableFuture<Peer> result) {
        this.engine = engine;
        this.connection = connection;
        this.target = target;
        this.result = result;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection.peer().markHandshaking();
        long millis = engine.settings().handshakeTimeout().toMillis();
        timeout = ctx.executor().schedule(() -> fail(ctx, new HandshakeException(HandshakeFailure.HANDSHAKE_TIMEOUT,
                "no answer within " + millis + " ms")), millis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent completion) {
            if (!completion.isSuccess()) {
                fail(ctx, HandshakeSupport.tlsFailure(completion.cause()));
            } else {
                try {
                    sendUpgradeRequest(ctx);
                } catch (HandshakeException e) {
                    fail(ctx, e);
                }
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    private void sendUpgradeRequest(ChannelHandlerContext ctx) {
        try {
            certified = HandshakeSupport.certifiedNodeId(ctx, engine);
        } catch (HandshakeException e) {
            throw new HandshakeException(e.failure(), "remote certificate: " + e.getMessage());
        }
        if (certified.equals(engine.nodeId())) {
            throw new HandshakeException(HandshakeFailure.SELF_CONNECTION, target.toString());
        }
        if (engine.registry().isActive(certified)) {
            throw new HandshakeException(HandshakeFailure.DUPLICATE_CONNECTION,
                    "node " + certified.shortForm() + " is already an active peer");
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        request.headers()
                .set(HttpHeaderNames.HOST, target.toString())
                .set(HttpHeaderNames.UPGRADE, ProtocolVersion.formatList(engine.handshakePolicy().supportedVersions()))
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.USER_AGENT, engine.settings().userAgent())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        engine.handshakePolicy().localHello().write(request.headers()::set);
        ctx.writeAndFlush(request);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (result.isDone()) {
            return;
        }
        try {
            if (response.decoderResult().isFailure()) {
                throw new HandshakeException(HandshakeFailure.UNEXPECTED_RESPONSE,
                        String.valueOf(response.decoderResult().cause().getMessage()));
            }
            if (certified == null) {
                throw new HandshakeException(HandshakeFailure.UNEXPECTED_RESPONSE, "response before the request");
            }
            if (response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
                activate(ctx, response);
            } else {
                throw rejection(response);
            }
        } catch (HandshakeException e) {
            fail(ctx, e);
        }
    }

    private void activate(ChannelHandlerContext ctx, FullHttpResponse response) {
        List<ProtocolVersion> chosen;
        Hello hello;
        try {
            Function<String, String> headers = HandshakeHeaders.single(response.headers()::getAll);
            chosen = Hello.readVersions(headers);
            hello = Hello.read(headers);
        } catch (HandshakeException e) {
            throw new HandshakeException(HandshakeFailure.UNEXPECTED_RESPONSE, e.getMessage());
        }
        if (chosen.size() != 1 || !engine.handshakePolicy().supportedVersions().contains(chosen.get(0))) {
            throw new HandshakeException(HandshakeFailure.UNEXPECTED_RESPONSE,
                    "remote chose " + ProtocolVersion.formatList(chosen) + ", which was not offered");
        }
        Negotiation negotiation = engine.handshakePolicy().check(hello, certified, chosen);
        Peer peer = connection.peer();
        HandshakeSupport.identify(peer, ctx, certified, hello, negotiation);
        Admission admission = engine.registry().admit(peer);
        switch (admission.outcome()) {
            case SELF -> throw new HandshakeException(HandshakeFailure.SELF_CONNECTION, null);
            case DUPLICATE -> throw new HandshakeException(HandshakeFailure.DUPLICATE_CONNECTION,
                    "the connection opened by the lower node id is kept");
            case SLOTS_FULL, ADDRESS_LIMIT -> throw new HandshakeException(HandshakeFailure.SLOTS_FULL,
                    "no local slot left");
            case ADMITTED -> { }
        }
        HandshakeSupport.switchToFrames(ctx, engine, connection);
        if (!engine.activate(peer)) {
            HandshakeSupport.closeOrphan(admission);
            result.completeExceptionally(new HandshakeException(HandshakeFailure.DUPLICATE_CONNECTION,
                    "displaced during the handshake"));
            connection.closeLocally(DisconnectReason.DUPLICATE_CONNECTION, "displaced during the handshake");
            return;
        }
        engine.peerActivated(peer);
        log.info("Activated {} ({}, features {})", peer, negotiation.version(), negotiation.features().header());
        admission.displaced().ifPresent(old -> old.disconnect(DisconnectReason.DUPLICATE_CONNECTION,
                Admission.displacementText(peer, old)));
        result.complete(peer);
    }

    private static HandshakeException rejection(FullHttpResponse response) {
        String code = response.headers().get(HandshakeHeaders.REJECT_REASON);
        HandshakeFailure failure = code == null ? HandshakeFailure.UNEXPECTED_RESPONSE
                : HandshakeFailure.ofCode(code).orElse(HandshakeFailure.UNEXPECTED_RESPONSE);
        String detail = code == null ? "HTTP " + response.status().code() : null;
        List<Endpoint> alternatives = new ArrayList<>();
        try {
            JsonNode body = HttpReplies.JSON.readTree(response.content().toString(StandardCharsets.UTF_8));
            if (body.path("detail").isString()) {
                detail = body.path("detail").asString();
            }
            for (JsonNode alternative : body.path("alternatives")) {
                if (alternatives.size() == MAX_ALTERNATIVES) {
                    break;
                }
                try {
                    alternatives.add(Endpoint.parse(alternative.asString()));
                } catch (IllegalArgumentException ignored) {
                    // A malformed alternative is skipped; the rest of the redirect stays useful.
                }
            }
        } catch (RuntimeException unreadableBody) {
            // The status and reason header already say what happened; the body is optional.
        }
        return new HandshakeException(failure, detail, alternatives);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, new HandshakeException(HandshakeFailure.CONNECTION_CLOSED, null));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, new HandshakeException(HandshakeFailure.CONNECTION_CLOSED, String.valueOf(cause.getMessage())));
    }

    private void fail(ChannelHandlerContext ctx, HandshakeException failure) {
        if (!result.completeExceptionally(failure)) {
            return;
        }
        log.info("Outbound handshake to {} failed: {}", target, failure.getMessage());
        connection.peer().markClosing(new Disconnect(DisconnectReason.HANDSHAKE_FAILED, DisconnectOrigin.LOCAL,
                failure.failure().code(), engine.clock().instant()));
        engine.handshakeFailed(failure.failure(), target.toString());
        ctx.close();
    }
}
