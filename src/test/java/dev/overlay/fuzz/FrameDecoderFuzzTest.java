package dev.overlay.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.overlay.protocol.Frame;
import dev.overlay.protocol.FrameDecoder;
import dev.overlay.protocol.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.BeforeAll;

/**
 * Arbitrary peer bytes through the frame decoder, in arbitrary chunks: it may only emit {@link Frame}s
 * or fail with a {@link ProtocolViolationException}, stays silent after its first violation, and
 * leaves no buffer unreleased (the leak guard fails the class otherwise).
 *
 * <p>Input layout for {@link FuzzedDataProvider}, which takes integers from the end: the last two bytes
 * are the body limit (0-1024, high byte last), the byte before them the chunk size (1-32), the byte
 * before that whether buffers are direct (low bit); everything in front is the byte stream.
 */
class FrameDecoderFuzzTest {

    @BeforeAll
    static void regressionModeSettings() {
        RegressionMode.skipBugDetectorHooksUnlessFuzzing();
    }

    private static final PooledByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    @FuzzTest(maxDuration = "60s")
    void decodeArbitraryBytes(FuzzedDataProvider data) {
        int maxBody = data.consumeInt(0, 1024);
        int chunkSize = data.consumeInt(1, 32);
        boolean direct = data.consumeBoolean();
        byte[] stream = data.consumeRemainingAsBytes();

        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(maxBody));
        try {
            boolean violated = false;
            long frameBytes = 0;
            for (int offset = 0; offset < stream.length; offset += chunkSize) {
                ByteBuf chunk = direct ? ALLOCATOR.directBuffer() : ALLOCATOR.heapBuffer();
                chunk.writeBytes(stream, offset, Math.min(chunkSize, stream.length - offset));
                boolean violatedBefore = violated;
                try {
                    channel.writeInbound(chunk);
                } catch (DecoderException e) {
                    assertThat(e).cause().isInstanceOf(ProtocolViolationException.class);
                    assertThat(violated).as("a second violation after the first").isFalse();
                    violated = true;
                }
                for (Object message; (message = channel.readInbound()) != null; ) {
                    assertThat(message).isInstanceOf(Frame.class);
                    assertThat(violatedBefore).as("a frame emitted after a violation").isFalse();
                    Frame frame = (Frame) message;
                    assertThat(frame.wireSize()).isBetween(Frame.HEADER_SIZE, Frame.HEADER_SIZE + maxBody);
                    assertThat(frame.body()).isNotNull();
                    frameBytes += frame.wireSize();
                }
            }
            assertThat(frameBytes).as("bytes taken by frames").isLessThanOrEqualTo(stream.length);
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
