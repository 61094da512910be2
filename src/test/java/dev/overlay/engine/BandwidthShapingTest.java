package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.traffic.AbstractTrafficShapingHandler;
import io.netty.handler.traffic.ChannelTrafficShapingHandler;
import io.netty.handler.traffic.GlobalTrafficShapingHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bandwidth caps reach every connection, including those already open when the caps change. */
class BandwidthShapingTest {

    @RegisterExtension
    final TestEngines engines = new TestEngines();

    @Test
    void everyConnectionGetsThePerPeerCapsAndSharesTheNodeWideShaper() {
        OverlayNode node = engines.start(s -> s.bandwidth = new Bandwidth(1_000, 2_000, 30_000, 40_000));
        OverlayNode other = engines.start();
        other.connect(new Endpoint("127.0.0.1", node.peerPort())).join();
        await().until(() -> node.registry().isActive(other.nodeId()));

        ChannelPipeline pipeline = pipelineOf(node.registry().find(other.nodeId()).orElseThrow());

        assertLimits(pipeline.get(ChannelTrafficShapingHandler.class), 1_000, 2_000);
        assertLimits(pipeline.get(GlobalTrafficShapingHandler.class), 30_000, 40_000);
    }

    @Test
    void newCapsApplyToConnectionsAlreadyOpen() {
        OverlayNode node = engines.start();
        OverlayNode other = engines.start();
        other.connect(new Endpoint("127.0.0.1", node.peerPort())).join();
        await().until(() -> node.registry().isActive(other.nodeId()));
        ChannelPipeline pipeline = pipelineOf(node.registry().find(other.nodeId()).orElseThrow());

        node.limits().setBandwidth(new Bandwidth(5_000, 6_000, 70_000, 80_000));

        await().untilAsserted(() -> assertLimits(pipeline.get(ChannelTrafficShapingHandler.class), 5_000, 6_000));
        assertLimits(pipeline.get(GlobalTrafficShapingHandler.class), 70_000, 80_000);
        assertThat(node.limits().bandwidth()).isEqualTo(new Bandwidth(5_000, 6_000, 70_000, 80_000));
    }

    @Test
    void withoutCapsNothingIsShaped() {
        OverlayNode node = engines.start(s -> s.bandwidth = Bandwidth.UNLIMITED);
        OverlayNode other = engines.start();
        other.connect(new Endpoint("127.0.0.1", node.peerPort())).join();
        await().until(() -> node.registry().isActive(other.nodeId()));

        ChannelPipeline pipeline = pipelineOf(node.registry().find(other.nodeId()).orElseThrow());

        assertLimits(pipeline.get(ChannelTrafficShapingHandler.class), 0, 0);
        assertLimits(pipeline.get(GlobalTrafficShapingHandler.class), 0, 0);
    }

    private static ChannelPipeline pipelineOf(Peer peer) {
        return ((Connection) peer.link()).channel().pipeline();
    }

    private static void assertLimits(AbstractTrafficShapingHandler shaper, long read, long write) {
        assertThat(shaper.getReadLimit()).as("read limit").isEqualTo(read);
        assertThat(shaper.getWriteLimit()).as("write limit").isEqualTo(write);
    }
}
