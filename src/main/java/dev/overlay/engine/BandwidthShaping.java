package dev.overlay.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.traffic.ChannelTrafficShapingHandler;
import io.netty.handler.traffic.GlobalTrafficShapingHandler;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Enforces the bandwidth caps: one shaper shared by every peer channel for the node-wide caps and one
 * shaper per channel for the per-peer caps, both adjustable while connections run.
 *
 * <p>Netty's {@code GlobalChannelTrafficShapingHandler} would do both in one handler, but it also
 * "balances" channels whose traffic is uneven, even with no cap set at all: each read and write of the
 * busiest channel is held back for at least 10 ms (14 ms with its defaults). Squelching makes traffic
 * uneven by design, since the selected sources carry most of it, so exactly the links a node depends on
 * were slowed down, by about 15 ms per hop (docs/BENCHMARKS.md). These two handlers shape only against
 * the configured caps.
 *
 * <p>Threading: {@link #update} may be called from any thread; the caps are published through a
 * volatile field. A channel's own shaper is created in its initializer and reconfigured by a task on
 * its event loop, which reads the caps when it runs. A channel joins the channel group before its
 * shaper is created, so an update either finds the channel and reconfigures it afterwards, or
 * happened before the shaper read the caps.
 */
final class BandwidthShaping {

    /** Accounting period of the shapers; a cap lets about one period's worth through as a burst. */
    private static final long CHECK_MILLIS = 250;

    private final GlobalTrafficShapingHandler total;
    private final ChannelGroup channels;
    private volatile Bandwidth caps;

    BandwidthShaping(ScheduledExecutorService timer, ChannelGroup channels, Bandwidth caps) {
        this.total = new GlobalTrafficShapingHandler(timer, caps.totalWrite(), caps.totalRead(), CHECK_MILLIS);
        this.channels = channels;
        this.caps = caps;
    }

    /** Puts both shapers at the end of a new channel's pipeline; the channel must be in the group already. */
    void install(ChannelPipeline pipeline) {
        Bandwidth current = caps;
        pipeline.addLast(PipelineNames.TOTAL_SHAPER, total)
                .addLast(PipelineNames.PEER_SHAPER,
                        new ChannelTrafficShapingHandler(current.peerWrite(), current.peerRead(), CHECK_MILLIS));
    }

    Bandwidth caps() {
        return caps;
    }

    /** New caps apply at once to every connection. */
    void update(Bandwidth caps) {
        this.caps = caps;
        total.configure(caps.totalWrite(), caps.totalRead());
        for (Channel channel : channels) {
            channel.eventLoop().execute(() -> reconfigure(channel));
        }
    }

    private void reconfigure(Channel channel) {
        ChannelTrafficShapingHandler shaper = channel.pipeline().get(ChannelTrafficShapingHandler.class);
        if (shaper != null) {
            Bandwidth current = caps;
            shaper.configure(current.peerWrite(), current.peerRead());
        }
    }

    void release() {
        total.release();
    }
}
