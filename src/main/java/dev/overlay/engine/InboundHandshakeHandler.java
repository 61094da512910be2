package dev.overlay.engine;

import dev.overlay.handshake.HandshakeException;
import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.handshake.HandshakeHeaders;
import dev.overlay.handshake.Hello;
import dev.overlay.handshake.Negotiation;
import dev.overlay.handshake.ProtocolVersion;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Admission;
import dev.overlay.peer.Peer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepting side's HTTP: answers {@code /health} and {@code /crawl}, or reads an upgrade request
 * and answers {@code 101} or a rejection with a reason. The rest of the handshake is
 * {@link HandshakeHandler}'s.
 *
 * <p>Threading: one instance per channel, confined to its event loop.
 */
final class InboundHandshakeHandler extends HandshakeHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(InboundHandshakeHandler.class);

    InboundHandshakeHandler(HandshakeContext context, Connection connection) {
        super(FullHttpRequest.class, context, connection, connection.peer().remoteAddress().toString());
    }

    @Override
    protected void tlsEstablished(ChannelHandlerContext ctx) {
        // The dialer speaks first.
    }

    @Override
    protected String timeoutDetail(long millis) {
        return "not upgraded within " + millis + " ms";
    }

    @Override
    protected void read(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            throw new HandshakeException(HandshakeFailure.MALFORMED_REQUEST,
                    String.valueOf(request.decoderResult().cause().getMessage()));
        }
        String path = request.uri().split("\\?", 2)[0];
        boolean upgrade = request.headers().contains(HttpHeaderNames.UPGRADE);
        if (!upgrade && request.method().equals(HttpMethod.GET) && path.equals("/health")) {
            PeerPortDocuments documents = context.documents();
            HttpReplies.json(ctx, documents.healthy() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    documents.health());
        } else if (!upgrade && request.method().equals(HttpMethod.GET) && path.equals("/crawl")) {
            HttpReplies.json(ctx, HttpResponseStatus.OK, context.documents().crawl());
        } else if (upgrade) {
            upgrade(ctx, request);
        } else {
            HttpReplies.json(ctx, HttpResponseStatus.NOT_FOUND,
                    Map.of("reason", "not-found", "detail", "the peer port serves /health, /crawl and the upgrade"));
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.method().equals(HttpMethod.GET)) {
            throw new HandshakeException(HandshakeFailure.MALFORMED_REQUEST, "the upgrade must be a GET");
        }
        NodeId certified = certifiedNodeId(ctx);
        Function<String, String> headers = HandshakeHeaders.single(request.headers()::getAll);
        List<ProtocolVersion> offered = Hello.readVersions(headers);
        Hello hello = Hello.read(headers);
        Negotiation negotiation = context.policy().check(hello, certified, offered);
        activate(ctx, certified, hello, negotiation, () -> ctx.writeAndFlush(switchingProtocols(negotiation)));
    }

    @Override
    protected HandshakeException refusal(Admission.Outcome outcome, Peer peer) {
        return switch (outcome) {
            case SELF -> new HandshakeException(HandshakeFailure.SELF_CONNECTION, null);
            case DUPLICATE -> new HandshakeException(HandshakeFailure.DUPLICATE_CONNECTION,
                    "a connection to " + peer.nodeId().orElseThrow().shortForm() + " already exists");
            case SLOTS_FULL -> new HandshakeException(HandshakeFailure.SLOTS_FULL,
                    context.inboundRefusal(), context.alternativesFor(peer));
            case ADDRESS_LIMIT -> new HandshakeException(HandshakeFailure.SLOTS_FULL,
                    "too many connections from " + peer.remoteAddress().host(), context.alternativesFor(peer));
            case ADMITTED -> throw new IllegalArgumentException("an admitted peer is not refused");
        };
    }

    private FullHttpResponse switchingProtocols(Negotiation negotiation) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SWITCHING_PROTOCOLS);
        response.headers()
                .set(HttpHeaderNames.UPGRADE, negotiation.version().toString())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.SERVER, context.userAgent());
        Hello local = context.policy().localHello();
        new Hello(local.networkId(), local.nodeId(), local.instanceCookie(), local.networkTime(),
                local.listenPort(), negotiation.features(), local.userAgent(), local.advertisedEndpoint())
                .write(response.headers()::set);
        return response;
    }

    /** Before TLS is up nothing can be said to the client; after, it gets the reason as HTTP. */
    @Override
    protected void answer(ChannelHandlerContext ctx, HandshakeException failure, boolean tlsUp) {
        if (tlsUp) {
            HttpReplies.reject(ctx, failure, context.userAgent());
        } else {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Error before upgrade from {}", connection.peer().remoteAddress(), cause);
        ctx.close();
    }
}
