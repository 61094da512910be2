package dev.overlay.engine;

import dev.overlay.peer.Peer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts a connection's bytes into its {@link Peer} as the socket carries them. It sits in front of
 * TLS for the whole life of the channel, so a peer's totals hold its own TLS handshake and upgrade
 * (which the shared {@link HandshakeMeter} counts node-wide, until the switch to frames) and then its
 * frames as encrypted records. Outbound bytes are counted when written, as {@link HandshakeMeter}
 * counts them: before the shaper may hold them back.
 *
 * <p>Threading: one instance per channel, called on its event loop only; the peer's counters are
 * atomic for the threads that read them.
 */
final class WireMeter extends ChannelDuplexHandler {

    private final Peer peer;

    WireMeter(Peer peer) {
        this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            peer.recordBytesIn(bytes.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            peer.recordBytesOut(bytes.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
