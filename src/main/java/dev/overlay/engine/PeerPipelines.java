package dev.overlay.engine;

import dev.overlay.tls.TlsContexts;
import dev.overlay.protocol.FrameDecoder;
import dev.overlay.protocol.FrameEncoder;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;

/**
 * Builds every peer channel's pipeline in one place, from one immutable {@link Config}: the
 * accepting and the dialing handshake pipelines (they differ only in the TLS role, the HTTP codec and
 * the handshake handler) and the framed pipeline a connection switches to after {@code 101}.
 *
 * <pre>
 * handshake: total-shaper, peer-shaper, wire-bytes, handshake-bytes, tls, http, aggregator,
 *            handshake-messages, handshake
 * framed:    total-shaper, peer-shaper, wire-bytes, tls, frame-decoder, frame-encoder, peer
 * </pre>
 *
 * <p>Threading: immutable; each method runs on the event loop of the channel it builds.
 */
final class PeerPipelines {

    private static final int HTTP_MAX_INITIAL_LINE = 4096;
    private static final int HTTP_MAX_HEADER_SIZE = 8192;
    private static final int HTTP_MAX_CHUNK_SIZE = 8192;
    private static final int HTTP_MAX_REQUEST_BODY = 1024;
    private static final int HTTP_MAX_RESPONSE_BODY = 64 * 1024;

    /**
     * @param meter counts the handshake category's wire bytes and HTTP messages (one shared instance)
     * @param peers what the framed handler hands frames to
     */
    record Config(TlsContexts tls, Duration handshakeTimeout, int maxFrameSize, BandwidthShaping shaping,
                  HandshakeMeter meter, FrameEncoder encoder, ActivePeerHandler.Services peers) {
    }

    private final Config config;

    PeerPipelines(Config config) {
        this.config = config;
    }

    /** The accepting side: server TLS, the request decoder, the inbound handshake. */
    void inbound(SocketChannel ch, Connection connection, InboundHandshakeHandler handshake) {
        handshake(ch, connection, config.tls().server().newHandler(ch.alloc()),
                new HttpServerCodec(HTTP_MAX_INITIAL_LINE, HTTP_MAX_HEADER_SIZE, HTTP_MAX_CHUNK_SIZE),
                HTTP_MAX_REQUEST_BODY, handshake);
    }

    /** The dialing side: client TLS to the dialed name, the response decoder, the outbound handshake. */
    void outbound(SocketChannel ch, Connection connection, String host, int port, OutboundHandshakeHandler handshake) {
        handshake(ch, connection, config.tls().client().newHandler(ch.alloc(), host, port),
                new HttpClientCodec(HTTP_MAX_INITIAL_LINE, HTTP_MAX_HEADER_SIZE, HTTP_MAX_CHUNK_SIZE),
                HTTP_MAX_RESPONSE_BODY, handshake);
    }

    private void handshake(SocketChannel ch, Connection connection, SslHandler tls, ChannelHandler httpCodec, int maxBody,
                           HandshakeHandler<?> handshake) {
        tls.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
        config.shaping().install(ch.pipeline());
        ch.pipeline()
                .addLast(PipelineNames.WIRE_BYTES, new WireMeter(connection.peer()))
                .addLast(PipelineNames.HANDSHAKE_BYTES, config.meter())
                .addLast(PipelineNames.TLS, tls)
                .addLast(PipelineNames.HTTP, httpCodec)
                .addLast(PipelineNames.AGGREGATOR, new HttpObjectAggregator(maxBody))
                .addLast(PipelineNames.HANDSHAKE_MESSAGES, config.meter())
                .addLast(PipelineNames.HANDSHAKE, handshake);
    }

    /**
     * Replaces the HTTP handlers by the frame codec and stops the handshake meter. Bytes the HTTP
     * decoder had already buffered flow on into the frame decoder, which is added before the HTTP
     * handlers are removed.
     */
    void switchToFrames(ChannelPipeline pipeline, Connection connection) {
        pipeline.remove(PipelineNames.AGGREGATOR);
        pipeline.addAfter(PipelineNames.HTTP, PipelineNames.FRAME_DECODER, new FrameDecoder(config.maxFrameSize()));
        pipeline.addAfter(PipelineNames.FRAME_DECODER, PipelineNames.FRAME_ENCODER, config.encoder());
        pipeline.addAfter(PipelineNames.FRAME_ENCODER, PipelineNames.PEER,
                new ActivePeerHandler(config.peers(), connection));
        connection.startFraming();
        pipeline.remove(PipelineNames.HANDSHAKE_MESSAGES);
        pipeline.remove(PipelineNames.HANDSHAKE);
        pipeline.remove(PipelineNames.HTTP);
        pipeline.remove(PipelineNames.HANDSHAKE_BYTES);
    }
}
