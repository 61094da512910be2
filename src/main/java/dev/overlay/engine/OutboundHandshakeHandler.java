package dev.overlay.engine;

import dev.overlay.discovery.Redirects;
import dev.overlay.handshake.HandshakeException;
import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.handshake.HandshakeHeaders;
import dev.overlay.handshake.Hello;
import dev.overlay.handshake.Negotiation;
import dev.overlay.handshake.ProtocolVersion;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Admission;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The dialing side's HTTP: once TLS is up, sends the upgrade request; reads the {@code 101} or the
 * rejection (with the alternatives a full node offered), and completes {@link #result} with the active
 * peer or the failure. The rest of the handshake is {@link HandshakeHandler}'s.
 *
 * <p>Threading: one instance per channel, confined to its event loop.
 */
final class OutboundHandshakeHandler extends HandshakeHandler<FullHttpResponse> {

    private final Endpoint target;
    private final CompletableFuture<Peer> result;
    private NodeId certified;

    OutboundHandshakeHandler(HandshakeContext context, Connection connection, Endpoint target,
                             CompletableFuture<Peer> result) {
        super(FullHttpResponse.class, context, connection, target.toString());
        this.target = target;
        this.result = result;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection.peer().markHandshaking();
        super.channelActive(ctx);
    }

    @Override
    protected String timeoutDetail(long millis) {
        return "no answer within " + millis + " ms";
    }

    @Override
    protected void tlsEstablished(ChannelHandlerContext ctx) {
        try {
            certified = certifiedNodeId(ctx);
        } catch (HandshakeException e) {
            throw new HandshakeException(e.failure(), "remote certificate: " + e.getMessage());
        }
        if (certified.equals(context.policy().localHello().nodeId())) {
            throw new HandshakeException(HandshakeFailure.SELF_CONNECTION, target.toString());
        }
        if (context.alreadyActive(certified)) {
            throw new HandshakeException(HandshakeFailure.DUPLICATE_CONNECTION,
                    "node " + certified.shortForm() + " is already an active peer");
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        request.headers()
                .set(HttpHeaderNames.HOST, target.toString())
                .set(HttpHeaderNames.UPGRADE, ProtocolVersion.formatList(context.policy().supportedVersions()))
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.USER_AGENT, context.userAgent())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        context.policy().localHello().write(request.headers()::set);
        ctx.writeAndFlush(request);
    }

    @Override
    protected void read(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (response.decoderResult().isFailure()) {
            throw new HandshakeException(HandshakeFailure.UNEXPECTED_RESPONSE,
                    String.valueOf(response.decoderResult().cause().getMessage()));
        }
        if (certified == null) {
            throw new HandshakeException(HandshakeFailure.UNEXPECTED_RESPONSE, "response before the request");
        }
        if (!response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
            throw rejection(response);
        }
        List<ProtocolVersion> chosen;
        Hello hello;
        try {
            Function<String, String> headers = HandshakeHeaders.single(response.headers()::getAll);
            chosen = Hello.readVersions(headers);
            hello = Hello.read(headers);
        } catch (HandshakeException e) {
            throw new HandshakeException(HandshakeFailure.UNEXPECTED_RESPONSE, e.getMessage());
        }
        if (chosen.size() != 1 || !context.policy().supportedVersions().contains(chosen.get(0))) {
            throw new HandshakeException(HandshakeFailure.UNEXPECTED_RESPONSE,
                    "remote chose " + ProtocolVersion.formatList(chosen) + ", which was not offered");
        }
        Negotiation negotiation = context.policy().check(hello, certified, chosen);
        if (activate(ctx, certified, hello, negotiation, () -> { })) {
            result.complete(connection.peer());
        } else {
            result.completeExceptionally(new HandshakeException(HandshakeFailure.DUPLICATE_CONNECTION,
                    "displaced during the handshake"));
        }
    }

    @Override
    protected HandshakeException refusal(Admission.Outcome outcome, Peer peer) {
        return switch (outcome) {
            case SELF -> new HandshakeException(HandshakeFailure.SELF_CONNECTION, null);
            case DUPLICATE -> new HandshakeException(HandshakeFailure.DUPLICATE_CONNECTION,
                    "the connection opened by the lower node id is kept");
            case SLOTS_FULL, ADDRESS_LIMIT -> new HandshakeException(HandshakeFailure.SLOTS_FULL, "no local slot left");
            case ADMITTED -> throw new IllegalArgumentException("an admitted peer is not refused");
        };
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
                if (alternatives.size() == Redirects.TAKEN) {
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
    protected boolean settled() {
        return result.isDone();
    }

    @Override
    protected void answer(ChannelHandlerContext ctx, HandshakeException failure, boolean tlsUp) {
        result.completeExceptionally(failure);
        ctx.close();
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
}
