package dev.overlay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** The handshake meter counts bytes in front of TLS and HTTP messages in front of the handshake handler. */
class HandshakeMeterTest {

    private final TrafficCounters traffic = new TrafficCounters();
    private final EmbeddedChannel channel = new EmbeddedChannel(new HandshakeMeter(traffic.handshake()));

    @Test
    void bytesReadAndWrittenAreCountedAndPassedOn() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[300]));
        channel.writeOutbound(Unpooled.wrappedBuffer(new byte[120]));

        TrafficCounters.Category handshake = traffic.handshake();
        assertThat(handshake.bytesIn().sum()).isEqualTo(300);
        assertThat(handshake.bytesOut().sum()).isEqualTo(120);
        assertThat(handshake.messagesIn().sum()).isZero();
        assertThat(channel.inboundMessages()).hasSize(1);
        assertThat(channel.outboundMessages()).hasSize(1);
        assertThat(channel.finishAndReleaseAll()).isTrue();
    }

    @Test
    void httpRequestsAndResponsesCountAsOneMessageEach() {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SWITCHING_PROTOCOLS));

        TrafficCounters.Category handshake = traffic.handshake();
        assertThat(handshake.messagesIn().sum()).isEqualTo(1);
        assertThat(handshake.messagesOut().sum()).isEqualTo(1);
        assertThat(handshake.bytesIn().sum()).as("an HTTP message is not counted as wire bytes").isZero();
        assertThat(channel.finishAndReleaseAll()).isTrue();
    }
}
