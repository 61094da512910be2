package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlay.peer.Direction;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.Peer;
import dev.overlay.peer.TestLinks;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The wire meter adds every byte read and written in front of TLS to its peer and passes it on. */
class WireMeterTest {

    private final Peer peer = new Peer(1, Direction.INBOUND, Endpoint.parse("192.0.2.1:51235"),
            TestLinks.NO_LINK);
    private final EmbeddedChannel channel = new EmbeddedChannel(new WireMeter(peer));

    @Test
    void bytesReadAndWrittenAreAddedToThePeerAndPassedOn() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[300]), Unpooled.wrappedBuffer(new byte[20]));
        channel.writeOutbound(Unpooled.wrappedBuffer(new byte[120]));

        assertThat(peer.bytesIn()).isEqualTo(320);
        assertThat(peer.bytesOut()).isEqualTo(120);
        assertThat(peer.messagesIn()).as("frames are counted behind TLS, not here").isZero();
        assertThat(channel.inboundMessages()).hasSize(2);
        assertThat(channel.outboundMessages()).hasSize(1);
        assertThat(channel.finishAndReleaseAll()).isTrue();
    }
}
