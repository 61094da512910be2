package dev.overlay.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.MessageLite;
import dev.overlay.protocol.proto.Close;
import dev.overlay.protocol.proto.Ping;
import dev.overlay.protocol.proto.Pong;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameDecoderTest {

    private static final int MAX_BODY = 64;
    private static final PooledByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    private final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_BODY));

    @AfterEach
    void releaseEverything() {
        try {
            channel.finishAndReleaseAll();
        } catch (DecoderException alreadyAsserted) {
            // a violation the test provoked and checked
        }
    }

    /** Frame bytes as on the wire: body length u32, type u16, flags u8, body. */
    static byte[] frameBytes(long length, int type, int flags, byte[] body) {
        byte[] frame = new byte[Frame.HEADER_SIZE + body.length];
        frame[0] = (byte) (length >>> 24);
        frame[1] = (byte) (length >>> 16);
        frame[2] = (byte) (length >>> 8);
        frame[3] = (byte) length;
        frame[4] = (byte) (type >>> 8);
        frame[5] = (byte) type;
        frame[6] = (byte) flags;
        System.arraycopy(body, 0, frame, Frame.HEADER_SIZE, body.length);
        return frame;
    }

    static byte[] frameBytes(int type, byte[] body) {
        return frameBytes(body.length, type, 0, body);
    }

    static byte[] frameBytes(MessageLite body) {
        return frameBytes(MessageType.of(body).code(), body.toByteArray());
    }

    private static ByteBuf buffer(byte[]... parts) {
        ByteBuf buffer = ALLOCATOR.buffer();
        for (byte[] part : parts) {
            buffer.writeBytes(part);
        }
        return buffer;
    }

    private List<Frame> readFrames() {
        List<Frame> frames = new ArrayList<>();
        for (Object message; (message = channel.readInbound()) != null; ) {
            assertThat(message).isInstanceOf(Frame.class);
            frames.add((Frame) message);
        }
        return frames;
    }

    private static ProtocolViolation violationRaisedBy(ThrowingCallable action) {
        Throwable thrown = catchThrowable(action);
        assertThat(thrown).isInstanceOf(DecoderException.class)
                .cause().isInstanceOf(ProtocolViolationException.class);
        return ((ProtocolViolationException) thrown.getCause()).violation();
    }

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of(MessageType.PING, Ping.newBuilder().setNonce(0x1234_5678_9abc_def0L).build()),
                Arguments.of(MessageType.PONG, Pong.newBuilder().setNonce(-1L).build()),
                Arguments.of(MessageType.CLOSE, Close.newBuilder().setCode(3).setText("duplicate \u2013 bye").build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void decodesAFrameIntoItsTypeBodyAndWireSize(MessageType type, MessageLite body) {
        channel.writeInbound(buffer(frameBytes(body)));

        assertThat(readFrames()).singleElement().satisfies(frame -> {
            assertThat(frame.type()).isEqualTo(type);
            assertThat(frame.body()).isEqualTo(body);
            assertThat(frame.wireSize()).isEqualTo(Frame.HEADER_SIZE + body.getSerializedSize());
        });
    }

    @Test
    void emptyBodyDecodesToTheDefaultMessage() {
        channel.writeInbound(buffer(frameBytes(MessageType.PING.code(), new byte[0])));

        assertThat(readFrames()).singleElement().satisfies(frame -> {
            assertThat(frame.body()).isEqualTo(Ping.getDefaultInstance());
            assertThat(frame.wireSize()).isEqualTo(Frame.HEADER_SIZE);
        });
    }

    @Test
    void frameArrivingOneByteAtATimeDecodesOnceComplete() {
        Close close = Close.newBuilder().setCode(1).setText("admin").build();
        byte[] bytes = frameBytes(close);

        for (int i = 0; i < bytes.length - 1; i++) {
            channel.writeInbound(buffer(new byte[] {bytes[i]}));
            assertThat((Object) channel.readInbound()).as("output after %d of %d bytes", i + 1, bytes.length).isNull();
        }
        channel.writeInbound(buffer(new byte[] {bytes[bytes.length - 1]}));

        assertThat(readFrames()).extracting(Frame::body).containsExactly(close);
    }

    @Test
    void twoFramesInOneBufferDecodeInOrder() {
        Ping ping = Ping.newBuilder().setNonce(1).build();
        Pong pong = Pong.newBuilder().setNonce(1).build();

        channel.writeInbound(buffer(frameBytes(ping), frameBytes(pong)));

        assertThat(readFrames()).extracting(Frame::body).containsExactly(ping, pong);
    }

    @Test
    void frameSplitAcrossTheBoundaryOfTheNextWriteIsCompletedByIt() {
        Ping ping = Ping.newBuilder().setNonce(7).build();
        Close close = Close.newBuilder().setCode(2).setText("shutdown").build();
        byte[] second = frameBytes(close);

        channel.writeInbound(buffer(frameBytes(ping), Arrays.copyOf(second, 9)));
        assertThat(readFrames()).extracting(Frame::body).containsExactly(ping);

        channel.writeInbound(buffer(Arrays.copyOfRange(second, 9, second.length)));
        assertThat(readFrames()).extracting(Frame::body).containsExactly(close);
    }

    @Test
    void decodesAFrameSpreadOverTheComponentsOfACompositeBuffer() {
        Close close = Close.newBuilder().setCode(1).setText("from a composite buffer").build();
        byte[] bytes = frameBytes(close);
        CompositeByteBuf composite = ALLOCATOR.compositeBuffer();
        composite.addComponent(true, buffer(Arrays.copyOf(bytes, 10)));
        composite.addComponent(true, buffer(Arrays.copyOfRange(bytes, 10, bytes.length)));

        channel.writeInbound(composite);

        assertThat(readFrames()).extracting(Frame::body).containsExactly(close);
    }

    @Test
    void decodesFromDirectBuffers() {
        Ping ping = Ping.newBuilder().setNonce(99).build();
        ByteBuf direct = ALLOCATOR.directBuffer().writeBytes(frameBytes(ping));

        channel.writeInbound(direct);

        assertThat(readFrames()).extracting(Frame::body).containsExactly(ping);
    }

    @Test
    void bodyOfExactlyTheLimitIsAccepted() {
        Close close = Close.newBuilder().setText("x".repeat(MAX_BODY - 2)).build();
        assertThat(close.getSerializedSize()).isEqualTo(MAX_BODY);

        channel.writeInbound(buffer(frameBytes(close)));

        assertThat(readFrames()).extracting(Frame::body).containsExactly(close);
    }

    @ParameterizedTest(name = "declared length {0}")
    @ValueSource(longs = {MAX_BODY + 1, 1 << 20, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL})
    void bodyOverTheLimitIsAViolationRaisedFromTheHeaderAlone(long declaredLength) {
        byte[] headerOnly = frameBytes(declaredLength, MessageType.PING.code(), 0, new byte[0]);

        assertThat(violationRaisedBy(() -> channel.writeInbound(buffer(headerOnly))))
                .isEqualTo(ProtocolViolation.FRAME_TOO_LARGE);
    }

    @Test
    void incompleteHeaderIsNotJudgedYet() {
        byte[] header = frameBytes(0xffff_ffffL, 0xffff, 0xff, new byte[0]);

        channel.writeInbound(buffer(Arrays.copyOf(header, Frame.HEADER_SIZE - 1)));

        assertThat(readFrames()).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @ParameterizedTest(name = "type {0}")
    @ValueSource(ints = {0, 16, 255, 256, 0x7fff, 0xffff}) // 0 is never assigned; new types take small codes
    void unknownTypeIsAViolationRaisedFromTheHeaderAlone(int type) {
        byte[] headerOnly = frameBytes(10, type, 0, new byte[0]);

        assertThat(violationRaisedBy(() -> channel.writeInbound(buffer(headerOnly))))
                .isEqualTo(ProtocolViolation.UNKNOWN_MESSAGE_TYPE);
    }

    @ParameterizedTest(name = "flags 0x{0}")
    @ValueSource(ints = {0x01, 0x02, 0x80, 0xff})
    void anySetFlagBitIsAMalformedFrame(int flags) {
        byte[] frame = frameBytes(0, MessageType.PING.code(), flags, new byte[0]);

        assertThat(violationRaisedBy(() -> channel.writeInbound(buffer(frame))))
                .isEqualTo(ProtocolViolation.MALFORMED_FRAME);
    }

    static Stream<Arguments> undecodableBodies() {
        return Stream.of(
                Arguments.of("field tag without its value", MessageType.PING, new byte[] {0x08}),
                Arguments.of("varint longer than ten bytes", MessageType.PONG,
                        new byte[] {0x08, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x01}),
                Arguments.of("field number zero", MessageType.PING, new byte[] {0x00, 0x01}),
                Arguments.of("length-delimited field longer than the body", MessageType.CLOSE, new byte[] {0x12, 0x05, 'a'}),
                Arguments.of("text that is not UTF-8", MessageType.CLOSE, new byte[] {0x12, 0x02, (byte) 0xc3, 0x28}),
                Arguments.of("end-group tag without a start", MessageType.PING, new byte[] {0x0c}),
                Arguments.of("wire type 7", MessageType.PING, new byte[] {0x0f, 0x00}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undecodableBodies")
    void undecodableBodyIsAMalformedBody(String description, MessageType type, byte[] body) {
        byte[] frame = frameBytes(type.code(), body);

        assertThat(violationRaisedBy(() -> channel.writeInbound(buffer(frame))))
                .isEqualTo(ProtocolViolation.MALFORMED_BODY);
    }

    @Test
    void unknownFieldsInAKnownMessageAreTolerated() {
        byte[] pingWithExtraField = {0x08, 0x05, 0x48, 0x01}; // nonce = 5, field 9 = 1

        channel.writeInbound(buffer(frameBytes(MessageType.PING.code(), pingWithExtraField)));

        assertThat(readFrames()).singleElement()
                .satisfies(frame -> assertThat(((Ping) frame.body()).getNonce()).isEqualTo(5));
    }

    @Test
    void afterAViolationFurtherInputIsDiscarded() {
        byte[] oversized = frameBytes(MAX_BODY + 1, MessageType.PING.code(), 0, new byte[0]);
        violationRaisedBy(() -> channel.writeInbound(buffer(oversized)));

        channel.writeInbound(buffer(frameBytes(Ping.newBuilder().setNonce(1).build())));
        channel.writeInbound(buffer(frameBytes(0, 99, 0, new byte[0])));

        assertThat(readFrames()).isEmpty();
        channel.checkException(); // the discarded input raised nothing further
    }

    @Test
    void bytesFollowingAViolationInTheSameBufferAreDiscarded() {
        byte[] badFlags = frameBytes(0, MessageType.PING.code(), 1, new byte[0]);
        byte[] valid = frameBytes(Pong.newBuilder().setNonce(2).build());

        violationRaisedBy(() -> channel.writeInbound(buffer(badFlags, valid)));

        assertThat(readFrames()).isEmpty();
        channel.writeInbound(buffer(valid));
        assertThat(readFrames()).isEmpty();
    }

    @Test
    void framesCompletedBeforeAViolationAreStillDelivered() {
        Ping ping = Ping.newBuilder().setNonce(3).build();
        byte[] unknownType = frameBytes(0, 42, 0, new byte[0]);

        assertThat(violationRaisedBy(() -> channel.writeInbound(buffer(frameBytes(ping), unknownType))))
                .isEqualTo(ProtocolViolation.UNKNOWN_MESSAGE_TYPE);

        assertThat(readFrames()).extracting(Frame::body).containsExactly(ping);
    }

    @Test
    void violationMessageSaysWhatWasWrong() {
        byte[] oversized = frameBytes(1000, MessageType.PING.code(), 0, new byte[0]);

        Throwable thrown = catchThrowable(() -> channel.writeInbound(buffer(oversized)));

        assertThat(thrown.getCause()).hasMessageContaining("1000").hasMessageContaining(String.valueOf(MAX_BODY));
    }
}
