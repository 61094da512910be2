package dev.overlay.engine;

import dev.overlay.handshake.HandshakeException;
import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.handshake.Hello;
import dev.overlay.handshake.Negotiation;
import dev.overlay.identity.CertificateBindingException;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Admission;
import dev.overlay.peer.Direction;
import dev.overlay.peer.Disconnect;
import dev.overlay.peer.DisconnectOrigin;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.NegotiatedProtocol;
import dev.overlay.peer.Peer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handshake both directions share, as a template: the timeout, the end of TLS, proving the remote
 * identity, admission and activation through {@link dev.overlay.peer.Activation}, the switch to
 * frames, and marking a failure once. Subclasses only write and parse their side's HTTP
 * ({@link #tlsEstablished}, {@link #read}) and say how a failure is answered ({@link #answer}).
 *
 * <p>Threading: one instance per channel, confined to its event loop.
 *
 * @param <M> the HTTP message this side reads: the request when accepting, the response when dialing
 */
abstract class HandshakeHandler<M> extends SimpleChannelInboundHandler<M> {

    private static final Logger log = LoggerFactory.getLogger(HandshakeHandler.class);

    protected final HandshakeContext context;
    protected final Connection connection;
    private final String remote;
    private ScheduledFuture<?> timeout;
    private boolean tlsUp;
    private boolean failed;

    /** @param remote how failures name the other side (the dialed endpoint, or the accepted address) */
    HandshakeHandler(Class<M> messageType, HandshakeContext context, Connection connection, String remote) {
        super(messageType);
        this.context = context;
        this.connection = connection;
        this.remote = remote;
    }

    /** TLS is up; the dialer sends its request here. */
    protected abstract void tlsEstablished(ChannelHandlerContext ctx);

    /** One HTTP message from the other side. */
    protected abstract void read(ChannelHandlerContext ctx, M message);

    /** Answers a failure (an HTTP rejection, or just the close) after it has been marked and counted. */
    protected abstract void answer(ChannelHandlerContext ctx, HandshakeException failure, boolean tlsUp);

    /** What a timeout says was missing. */
    protected abstract String timeoutDetail(long millis);

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        long millis = context.timeout().toMillis();
        timeout = ctx.executor().schedule(() -> fail(ctx,
                new HandshakeException(HandshakeFailure.HANDSHAKE_TIMEOUT, timeoutDetail(millis))),
                millis, TimeUnit.MILLISECONDS);
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
                fail(ctx, tlsFailure(completion.cause()));
            } else {
                tlsUp = true;
                try {
                    tlsEstablished(ctx);
                } catch (HandshakeException e) {
                    fail(ctx, e);
                }
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    protected final void channelRead0(ChannelHandlerContext ctx, M message) {
        if (failed) {
            return;
        }
        try {
            read(ctx, message);
        } catch (HandshakeException e) {
            fail(ctx, e);
        }
    }

    /**
     * Why TLS failed. TLS and this handler share the handshake timeout, so whichever of them notices
     * first, an expired handshake is reported as a timeout.
     */
    private static HandshakeException tlsFailure(Throwable cause) {
        HandshakeFailure failure = cause instanceof SslHandshakeTimeoutException
                ? HandshakeFailure.HANDSHAKE_TIMEOUT : HandshakeFailure.TLS_FAILED;
        return new HandshakeException(failure, String.valueOf(cause.getMessage()));
    }

    /** The node id the remote's TLS certificate proves. */
    protected final NodeId certifiedNodeId(ChannelHandlerContext ctx) {
        Certificate[] chain;
        try {
            chain = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            throw new HandshakeException(HandshakeFailure.NO_CLIENT_CERTIFICATE, null);
        }
        try {
            return context.verifier().verify(chain);
        } catch (CertificateBindingException e) {
            throw new HandshakeException(HandshakeFailure.CERTIFICATE_BINDING_INVALID, e.getMessage());
        }
    }

    /**
     * Identifies the peer, admits it (throwing {@link #refusal} if it gets no slot), lets this side
     * write what precedes frames, switches the pipeline to frames and activates the peer. False if it
     * was displaced meanwhile; its connection is then closed.
     */
    protected final boolean activate(ChannelHandlerContext ctx, NodeId certified, Hello hello,
                                     Negotiation negotiation, Runnable beforeFrames) {
        Peer peer = connection.peer();
        identify(peer, ctx, certified, hello, negotiation);
        Admission admission = context.activation().admit(peer);
        if (admission.outcome() != Admission.Outcome.ADMITTED) {
            throw refusal(admission.outcome(), peer);
        }
        beforeFrames.run();
        context.pipelines().switchToFrames(ctx.pipeline(), connection);
        context.upgraded(peer);
        if (!context.activation().activate(peer, admission)) {
            connection.closeLocally(DisconnectReason.DUPLICATE_CONNECTION, "displaced during the handshake");
            return false;
        }
        log.info("Activated {} ({}, features {})", peer, negotiation.version(), negotiation.features().header());
        return true;
    }

    /** Whether the outcome is already known elsewhere (a dial that failed to connect), so a failure is not marked twice. */
    protected boolean settled() {
        return false;
    }

    /** The failure this side reports when admission refuses the peer. */
    protected abstract HandshakeException refusal(Admission.Outcome outcome, Peer peer);

    private static void identify(Peer peer, ChannelHandlerContext ctx, NodeId nodeId, Hello hello,
                                 Negotiation negotiation) {
        Endpoint listening = null;
        if (hello.advertisedEndpoint() != null && LearnedEndpoints.acceptable(hello.advertisedEndpoint())) {
            listening = hello.advertisedEndpoint();
        } else if (hello.listenPort() > 0 && ctx.channel().remoteAddress() instanceof InetSocketAddress address) {
            listening = new Endpoint(address.getAddress().getHostAddress(), hello.listenPort());
        }
        peer.identify(nodeId, listening,
                new NegotiatedProtocol(negotiation.version().toString(), negotiation.features().asStrings()),
                hello.userAgent());
    }

    /** Marks the handshake failed, once: closing reason on the peer, counters, listeners, charges. */
    protected final void fail(ChannelHandlerContext ctx, HandshakeException failure) {
        if (failed || settled()) {
            return;
        }
        failed = true;
        Peer peer = connection.peer();
        log.info("{} handshake with {} failed: {}", peer.direction() == Direction.INBOUND
                ? "Inbound" : "Outbound", remote, failure.getMessage());
        peer.markClosing(new Disconnect(DisconnectReason.HANDSHAKE_FAILED, DisconnectOrigin.LOCAL,
                failure.failure().code(), context.clock().instant()));
        context.failed(peer, failure, remote);
        answer(ctx, failure, tlsUp);
    }
}
