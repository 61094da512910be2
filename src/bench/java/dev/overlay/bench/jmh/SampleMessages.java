package dev.overlay.bench.jmh;

import dev.overlay.identity.NodeKey;
import dev.overlay.engine.PublishFrames;
import dev.overlay.protocol.proto.Publish;
import dev.overlay.relay.SignedMessage;
import java.time.Instant;
import java.util.Random;

/** The message the micro-benchmarks measure: a 1 KiB payload on a short topic, as the node sends and receives it. */
public final class SampleMessages {

    public static final int PAYLOAD_SIZE = 1024;
    /** About the length of a sample message's signing bytes: the payload and its header fields. */
    public static final int SIGNED_LENGTH = PAYLOAD_SIZE + 84;
    public static final String TOPIC = "bench/jmh";
    /** The default {@code overlay.relay.max-payload-size}. */
    public static final int MAX_PAYLOAD_SIZE = 64 * 1024;

    private SampleMessages() {
    }

    /** Random bytes, so nothing downstream (hashing, protobuf) meets an unusually regular input. */
    public static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    public static SignedMessage signed(NodeKey origin, long sequence, Instant timestamp) {
        return SignedMessage.sign(origin, TOPIC, sequence, timestamp, randomBytes(PAYLOAD_SIZE, sequence));
    }

    /** The frame body of a relayed copy, built as the engine's relay output builds it. */
    public static Publish publish(SignedMessage message, int hops) {
        return PublishFrames.toWire(message, hops);
    }

    /** A received frame body turned back into a message, as the engine does on the event loop for every copy. */
    public static SignedMessage fromWire(Publish publish) {
        return PublishFrames.fromWire(publish, MAX_PAYLOAD_SIZE);
    }
}
