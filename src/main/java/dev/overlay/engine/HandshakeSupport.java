package dev.overlay.engine;

import dev.overlay.handshake.HandshakeException;
import dev.overlay.handshake.HandshakeFailure;
import dev.overlay.handshake.Hello;
import dev.overlay.handshake.Negotiation;
import dev.overlay.identity.CertificateBindingException;
import dev.overlay.identity.NodeId;
import dev.overlay.peer.Admission;
import dev.overlay.peer.DisconnectReason;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.NegotiatedProtocol;
import dev.overlay.peer.Peer;
import dev.overlay.protocol.FrameDecoder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Steps both handshake handlers share: proving the remote identity and switching to frames. */
final class HandshakeSupport {

    private HandshakeSupport() {
    }

    /**
     * Why TLS failed. TLS and the handshake handlers share the handshake timeout, so whichever of them
     * notices first, an expired handshake is reported as a timeout.
     */
    static HandshakeException tlsFailure(Throwable cause) {
        HandshakeFailure failure = cause instanceof SslHandshakeTimeoutException
                ? HandshakeFailure.HANDSHAKE_TIMEOUT : HandshakeFailure.TLS_FAILED;
        return new HandshakeException(failure, String.valueOf(cause.getMessage()));
    }

    /**
     * Closes the connection an admission displaced when its replacement then fails to activate (it
     * was closed or displaced in turn meanwhile). The displaced connection has already lost its slot;
     * left open it would stay active on both sides while this node's registry no longer counts it.
     */
    static void closeOrphan(Admission admission) {
        admission.displaced().ifPresent(orphan -> orphan.disconnect(DisconnectReason.DUPLICATE_CONNECTION,
                "its replacement failed during the handshake"));
    }

    /** The node id the remote's TLS certificate proves. */
    static NodeId certifiedNodeId(ChannelHandlerContext ctx, OverlayEngine engine) {
        Certificate[] chain;
        try {
            chain = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            throw new HandshakeException(HandshakeFailure.NO_CLIENT_CERTIFICATE, null);
        }
        try {
            return engine.bindingVerifier().verify(chain);
        } catch (CertificateBindingException e) {
            throw new HandshakeException(HandshakeFailure.CERTIFICATE_BINDING_INVALID, e.getMessage());
        }
    }

    static void identify(Peer peer, ChannelHandlerContext ctx, NodeId nodeId, Hello hello, Negotiation negotiation) {
        Endpoint listening = null;
        if (hello.advertisedEndpoint() != null && LearnedEndpoints.acceptable(hello.advertisedEndpoint())) {
            listening = hello.advertisedEndpoint();
        } else if (hello.listenPort() > 0 && ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            listening = new Endpoint(remote.getAddress().getHostAddress(), hello.listenPort());
        }
        peer.identify(nodeId, listening,
                new NegotiatedProtocol(negotiation.version().toString(), negotiation.features().asStrings()),
                hello.userAgent());
    }

    /**
     * Replaces the HTTP handlers by the frame codec and stops the handshake meter. Bytes the HTTP
     * decoder had already buffered flow on into the frame decoder, which is added before the HTTP
     * handlers are removed.
     */
    static void switchToFrames(ChannelHandlerContext ctx, OverlayEngine engine, Connection connection) {
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.remove(PipelineNames.AGGREGATOR);
        pipeline.addAfter(PipelineNames.HTTP, PipelineNames.FRAME_DECODER,
                new FrameDecoder(engine.settings().maxFrameSize()));
        pipeline.addAfter(PipelineNames.FRAME_DECODER, PipelineNames.FRAME_ENCODER, engine.frameEncoder());
        pipeline.addAfter(PipelineNames.FRAME_ENCODER, PipelineNames.PEER,
                new ActivePeerHandler(engine, connection, engine.discovery().settings().gossipInterval()));
        connection.startFraming();
        pipeline.remove(PipelineNames.HANDSHAKE_MESSAGES);
        pipeline.remove(PipelineNames.HANDSHAKE);
        pipeline.remove(PipelineNames.HTTP);
        pipeline.remove(PipelineNames.HANDSHAKE_BYTES);
    }
}
