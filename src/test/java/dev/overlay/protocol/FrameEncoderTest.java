package dev.overlay.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.Empty;
import com.google.protobuf.MessageLite;
import dev.overlay.protocol.proto.Close;
import dev.overlay.protocol.proto.Ping;
import dev.overlay.protocol.proto.Pong;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import io.netty.util.ReferenceCountUtil;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FrameEncoderTest {

    private static final int MAX_BODY = 64;

    private final FrameEncoder encoder = new FrameEncoder(MAX_BODY);
    private final EmbeddedChannel outbound = new EmbeddedChannel(encoder);
    private final EmbeddedChannel inbound = new EmbeddedChannel(new FrameDecoder(MAX_BODY));

    @AfterEach
    void releaseEverything() {
        outbound.finishAndReleaseAll();
        inbound.finishAndReleaseAll();
    }

    /** Encodes {@code body} and returns the bytes written to the wire. */
    private byte[] encode(MessageLite body) {
        outbound.writeOutbound(body);
        ByteBuf written = outbound.readOutbound();
        try {
            return ByteBufUtil.getBytes(written);
        } finally {
            ReferenceCountUtil.release(written);
        }
    }

    @Test
    void writesBodyLengthTypeAndZeroFlagsBeforeTheBody() {
        byte[] wire = encode(Ping.newBuilder().setNonce(300).build());

        assertThat(wire).containsExactly(
                0, 0, 0, 3,          // body length
                0, 1,                // type PING
                0,                   // flags
                0x08, (byte) 0xac, 0x02); // nonce = 300
    }

    @Test
    void writesTheTypeCodeOfEachMessage() {
        assertThat(encode(Pong.getDefaultInstance())).containsExactly(0, 0, 0, 0, 0, 2, 0);
        assertThat(encode(Close.getDefaultInstance())).containsExactly(0, 0, 0, 0, 0, 3, 0);
    }

    @Test
    void writesExactlyTheWireSizeOfTheFrame() {
        Close close = Close.newBuilder().setCode(4).setText("too large").build();

        assertThat(encode(close)).hasSize(Frame.wireSize(close));
    }

    static Stream<MessageLite> messages() {
        return Stream.of(
                Ping.newBuilder().setNonce(Long.MIN_VALUE).build(),
                Pong.newBuilder().setNonce(42).build(),
                Close.newBuilder().setCode(8).setText("ping timeout \u23f1").build(),
                Close.newBuilder().setText("x".repeat(MAX_BODY - 2)).build(),
                Ping.getDefaultInstance());
    }

    @ParameterizedTest
    @MethodSource("messages")
    void whatTheEncoderWritesTheDecoderReadsBack(MessageLite body) {
        outbound.writeOutbound(body);
        ByteBuf written = outbound.readOutbound();

        inbound.writeInbound(written); // the decoder releases it

        Frame frame = inbound.readInbound();
        assertThat(frame.body()).isEqualTo(body);
        assertThat(frame.type()).isEqualTo(MessageType.of(body));
        assertThat(frame.wireSize()).isEqualTo(Frame.wireSize(body));
        assertThat((Object) inbound.readInbound()).isNull();
    }

    @Test
    void refusesABodyOverTheLimitAndWritesNothing() {
        Close tooLarge = Close.newBuilder().setText("x".repeat(MAX_BODY)).build();

        Throwable thrown = catchThrowable(() -> outbound.writeOutbound(tooLarge));

        assertThat(thrown).isInstanceOf(EncoderException.class).hasMessageContaining("exceeds the limit");
        assertThat((Object) outbound.readOutbound()).isNull();
    }

    @Test
    void refusesAMessageThatHasNoFrameType() {
        Throwable thrown = catchThrowable(() -> outbound.writeOutbound(Empty.getDefaultInstance()));

        assertThat(thrown).isInstanceOf(EncoderException.class);
        assertThat((Object) outbound.readOutbound()).isNull();
    }

    @Test
    void oneInstanceServesManyChannels() {
        EmbeddedChannel other = new EmbeddedChannel(encoder);
        try {
            other.writeOutbound(Ping.newBuilder().setNonce(1).build());
            ByteBuf written = other.readOutbound();
            assertThat(written.readableBytes()).isEqualTo(Frame.HEADER_SIZE + 2);
            ReferenceCountUtil.release(written);
        } finally {
            other.finishAndReleaseAll();
        }
        assertThat(encoder.isSharable()).isTrue();
    }
}
