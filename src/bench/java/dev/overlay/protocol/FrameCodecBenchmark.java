package dev.overlay.protocol;

import dev.overlay.bench.jmh.SampleMessages;
import dev.overlay.identity.NodeKey;
import dev.overlay.protocol.proto.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Framing of a Publish with a 1 KiB payload: {@code encode} is paid once per copy sent to a peer,
 * {@code decode} once per copy received. The codec methods are called directly, with the context of a
 * channel holding the handler (so buffers come from the channel's default allocator, as on a real
 * connection), to measure the codec without the pipeline's own plumbing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Xmn1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class FrameCodecBenchmark {

    /** The default {@code overlay.frames.max-size}. */
    private static final int MAX_FRAME_BODY = 4 * 1024 * 1024;

    private Publish publish;
    private FrameEncoder encoder;
    private EmbeddedChannel encoderChannel;
    private ChannelHandlerContext encoderContext;
    private FrameDecoder decoder;
    private EmbeddedChannel decoderChannel;
    private ChannelHandlerContext decoderContext;
    /** One encoded frame, decoded again by every {@link #decode} call. */
    private ByteBuf frame;
    private final List<Object> decoded = new ArrayList<>(1);

    @Setup
    public void setUp() throws IOException {
        NodeKey origin = NodeKey.generate(new SecureRandom());
        publish = SampleMessages.publish(SampleMessages.signed(origin, 1, Instant.now()), 3);
        encoder = new FrameEncoder(MAX_FRAME_BODY);
        encoderChannel = new EmbeddedChannel(encoder);
        encoderContext = encoderChannel.pipeline().context(encoder);
        decoder = new FrameDecoder(MAX_FRAME_BODY);
        decoderChannel = new EmbeddedChannel(decoder);
        decoderContext = decoderChannel.pipeline().context(decoder);
        frame = encodeFrame();
        if (!((Frame) decode()).body().equals(publish)) {
            throw new IllegalStateException("the frame did not decode to the message encoded");
        }
    }

    @TearDown
    public void tearDown() {
        frame.release();
        encoderChannel.finishAndReleaseAll();
        decoderChannel.finishAndReleaseAll();
    }

    /** Allocation, header and body of one outgoing frame; the release stands in for the socket write's. */
    @Benchmark
    public int encode() throws IOException {
        ByteBuf out = encodeFrame();
        int written = out.readableBytes();
        out.release();
        return written;
    }

    /** Header checks and protobuf parsing of one incoming frame, already whole in the buffer. */
    @Benchmark
    public Object decode() {
        frame.readerIndex(0);
        decoded.clear();
        decoder.decode(decoderContext, frame, decoded);
        return decoded.get(0);
    }

    private ByteBuf encodeFrame() throws IOException {
        ByteBuf out = encoder.allocateBuffer(encoderContext, publish, true);
        encoder.encode(encoderContext, publish, out);
        return out;
    }
}
