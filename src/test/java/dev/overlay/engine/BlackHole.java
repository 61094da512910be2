package dev.overlay.engine;

import dev.overlay.identity.NodeId;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * Cuts a live connection without closing it: every byte read or written is dropped from then on, as if
 * the network between the nodes lost all packets. Neither side sees a close; each finds out only when
 * its ping timeout fires. Installed first in the pipeline, in front of TLS, where the wire is.
 */
public final class BlackHole extends ChannelDuplexHandler {

    private BlackHole() {
    }

    /** Black-holes {@code engine}'s connection to {@code peer}; false if there is none. */
    public static boolean cut(OverlayNode engine, NodeId peer) {
        return engine.registry().find(peer).map(p -> {
            ((Connection) p.link()).channel().pipeline().addFirst("black-hole", new BlackHole());
            return true;
        }).orElse(false);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ReferenceCountUtil.release(msg);
        promise.setSuccess();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        // Nothing was passed on to flush.
    }
}
