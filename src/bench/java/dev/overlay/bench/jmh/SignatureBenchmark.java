package dev.overlay.bench.jmh;

import dev.overlay.identity.NodeKey;
import dev.overlay.relay.SignedMessage;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
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
 * Ed25519 (BouncyCastle) on a message with a 1 KiB payload. An origin pays {@code sign} once per
 * message it publishes; a node pays {@code hasValidSignature} once per message it has not seen yet,
 * on the event loop that received the first copy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Xmn1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SignatureBenchmark {

    private NodeKey key;
    private byte[] payload;
    private Instant timestamp;
    private long sequence;
    private SignedMessage message;
    private byte[] publicKey;
    private byte[] signedBytes;
    private byte[] signature;
    private Ed25519PublicKeyParameters parsedKey;

    @Setup
    public void setUp() {
        key = NodeKey.generate(new SecureRandom());
        payload = SampleMessages.randomBytes(SampleMessages.PAYLOAD_SIZE, 1);
        timestamp = Instant.now();
        message = SampleMessages.signed(key, 1, timestamp);
        publicKey = key.publicKey();
        signedBytes = SampleMessages.randomBytes(SampleMessages.SIGNED_LENGTH, 2);
        signature = key.sign(signedBytes);
        parsedKey = new Ed25519PublicKeyParameters(publicKey, 0);
        // A check that failed early would be measured as a very fast verification.
        if (!hasValidSignature() || !verify() || !verifyParsedKey()) {
            throw new IllegalStateException("a valid signature did not verify");
        }
    }

    /** Publishing: signing bytes, Ed25519 signature, message id. */
    @Benchmark
    public SignedMessage sign() {
        return SignedMessage.sign(key, SampleMessages.TOPIC, ++sequence, timestamp, payload);
    }

    /** What the event loop runs for a new message; the origin's decoded key is remembered after the first. */
    @Benchmark
    public boolean hasValidSignature() {
        return message.hasValidSignature();
    }

    /** {@link NodeKey#verify} with the key as bytes, decoded on every call (as for a first message of an origin). */
    @Benchmark
    public boolean verify() {
        return NodeKey.verify(publicKey, signedBytes, signature);
    }

    /** The curve check alone with the key decoded once: the floor for {@link #hasValidSignature}. */
    @Benchmark
    public boolean verifyParsedKey() {
        return parsedKey.verify(Ed25519.Algorithm.Ed25519, null, signedBytes, 0, signedBytes.length, signature, 0);
    }
}
