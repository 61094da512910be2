package dev.overlay.engine;

import dev.overlay.protocol.Frame;
import dev.overlay.protocol.MessageType;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import dev.overlay.peer.Peer;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bench's injected loss: drops a share of the {@code Publish} frames a connection receives, after
 * the frame decoder and before the relay sees them, as if those relayed copies had been lost on the
 * way. Reconciliation frames pass untouched, so what is lost live can still be repaired. It lives in
 * the bench, in this package only because the connection's channel is package-private.
 *
 * <p>Threading: one instance per channel, run only by that channel's event loop, which owns its
 * random generator; the drop counter is shared and thread-safe.
 */
public final class CopyLoss extends ChannelInboundHandlerAdapter {

    private static final String NAME = "bench-copy-loss";
    private final double share;
    private final SplittableRandom random;
    private final LongAdder dropped;

    private CopyLoss(double share, long seed, LongAdder dropped) {
        this.share = share;
        this.random = new SplittableRandom(seed);
        this.dropped = dropped;
    }

    /**
     * Makes every active connection of {@code node} drop {@code share} of the Publish copies it receives,
     * with a generator seeded from {@code seed}, counting the drops in {@code dropped}.
     */
    public static void install(OverlayNode node, double share, long seed, LongAdder dropped) {
        SplittableRandom seeds = new SplittableRandom(seed);
        node.registry().active().stream()
                .sorted(Comparator.comparing((Peer peer) -> peer.nodeId().orElseThrow()))
                .forEach(peer -> ((Connection) peer.link()).channel().pipeline()
                        .addAfter(PipelineNames.FRAME_DECODER, NAME, new CopyLoss(share, seeds.nextLong(), dropped)));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // A decoded Frame holds no buffer, so dropping it needs no release.
        if (msg instanceof Frame frame && frame.type() == MessageType.PUBLISH && random.nextDouble() < share) {
            dropped.increment();
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
