package dev.overlay.bench.jmh;

import dev.overlay.identity.NodeKey;
import dev.overlay.protocol.proto.Publish;
import dev.overlay.relay.SignedMessage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The message id, SHA-256 of the signing bytes. Every received copy pays {@code fromWire}, duplicates
 * included, since the id is what tells a duplicate apart: the event loop rebuilds the message from its
 * frame body before it can look the id up in the seen-cache.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Xmn1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class MessageIdBenchmark {

    private byte[] signedBytes;
    private Publish publish;

    @Setup
    public void setUp() {
        signedBytes = SampleMessages.randomBytes(SampleMessages.SIGNED_LENGTH, 1);
        SignedMessage message = SampleMessages.signed(NodeKey.generate(new SecureRandom()), 1, Instant.now());
        publish = SampleMessages.publish(message, 1);
    }

    /** The digest alone, looked up and run as {@link SignedMessage} does for each message. */
    @Benchmark
    public byte[] sha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(signedBytes);
    }

    /** Field copies out of the frame body, signing-bytes layout, digest and origin id: the whole per-copy step. */
    @Benchmark
    public SignedMessage fromWire() {
        return SampleMessages.fromWire(publish);
    }
}
