package dev.overlay.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpMessage;

/**
 * Counts the handshake category of {@link TrafficCounters}: everything a connection carries before it
 * speaks frames. It sits twice in each pipeline until the switch to frames removes it: in front of TLS,
 * where it sees the bytes on the wire (TLS records, the encrypted upgrade, plain {@code /health} and
 * {@code /crawl} exchanges), and in front of the handshake handler, where it sees the HTTP requests and
 * responses, each counted as one message. The read that carries the {@code 101} answer is counted whole,
 * even if the peer's first frames share it.
 *
 * <p>Threading: stateless apart from the thread-safe counters, so one instance serves every channel.
 */
@ChannelHandler.Sharable
final class HandshakeMeter extends ChannelDuplexHandler {

    private final TrafficCounters.Category handshake;

    HandshakeMeter(TrafficCounters.Category handshake) {
        this.handshake = handshake;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            handshake.bytesIn().add(bytes.readableBytes());
        } else if (msg instanceof HttpMessage) {
            handshake.messagesIn().increment();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            handshake.bytesOut().add(bytes.readableBytes());
        } else if (msg instanceof HttpMessage) {
            handshake.messagesOut().increment();
        }
        ctx.write(msg, promise);
    }
}
