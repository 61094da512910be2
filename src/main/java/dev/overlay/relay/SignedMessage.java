package dev.overlay.relay;

import dev.overlay.identity.NodeId;
import dev.overlay.identity.NodeKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * An application message as its origin signed it. The signature covers a canonical byte layout
 * (not the protobuf encoding, which is not canonical), and the message id is the SHA-256 of the same
 * bytes, so any change to origin, topic, sequence, timestamp or payload changes the id and breaks the
 * signature.
 *
 * <p>Immutable; the byte arrays are never handed out.
 */
public final class SignedMessage {

    public static final int MAX_TOPIC_LENGTH = 64;
    public static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._/-]{1," + MAX_TOPIC_LENGTH + "}");
    private static final byte[] DOMAIN = "overlay-publish-v1:".getBytes(StandardCharsets.US_ASCII);

    private final NodeId origin;
    private final String topic;
    private final long sequence;
    private final Instant timestamp;
    private final byte[] payload;
    private final byte[] signature;
    private final byte[] signingBytes;
    private final MessageId id;

    private SignedMessage(NodeId origin, String topic, long sequence, Instant timestamp, byte[] payload,
                          byte[] signature) {
        this.origin = origin;
        this.topic = topic;
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.payload = payload;
        this.signature = signature;
        this.signingBytes = signingBytes(origin, topic, sequence, timestamp, payload);
        this.id = MessageId.of(sha256(signingBytes));
    }

    /** Signs a new message as its origin. */
    public static SignedMessage sign(NodeKey key, String topic, long sequence, Instant timestamp, byte[] payload) {
        validateTopic(topic);
        byte[] bytes = signingBytes(key.nodeId(), topic, sequence, timestamp, payload);
        return new SignedMessage(key.nodeId(), topic, sequence, timestamp, payload.clone(), key.sign(bytes));
    }

    /**
     * Rebuilds a message received from a peer, checking its shape (not its signature: see
     * {@link #hasValidSignature()}).
     *
     * @throws IllegalArgumentException naming the first malformed field
     */
    public static SignedMessage fromWire(byte[] origin, String topic, long sequence, long timestampMillis,
                                         byte[] payload, byte[] signature, int maxPayloadSize) {
        if (origin.length != NodeId.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("origin must be a 32-byte public key");
        }
        validateTopic(topic);
        if (payload.length > maxPayloadSize) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds " + maxPayloadSize);
        }
        if (signature.length != NodeKey.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("signature must be 64 bytes");
        }
        return new SignedMessage(NodeId.fromPublicKey(origin), topic, sequence, Instant.ofEpochMilli(timestampMillis),
                payload, signature);
    }

    public static void validateTopic(String topic) {
        if (topic == null || !TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("topic must be 1-" + MAX_TOPIC_LENGTH + " characters of [A-Za-z0-9._/-]");
        }
    }

    public boolean hasValidSignature() {
        return NodeKey.verify(origin, signingBytes, signature);
    }

    public MessageId id() {
        return id;
    }

    public NodeId origin() {
        return origin;
    }

    public String topic() {
        return topic;
    }

    public long sequence() {
        return sequence;
    }

    public Instant timestamp() {
        return timestamp;
    }

    public byte[] payload() {
        return payload.clone();
    }

    /** A read-only view of the payload, for encoders that copy it anyway. */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    public int payloadSize() {
        return payload.length;
    }

    public byte[] signature() {
        return signature.clone();
    }

    private static byte[] signingBytes(NodeId origin, String topic, long sequence, Instant timestamp, byte[] payload) {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(DOMAIN.length + 32 + 2 + topicBytes.length + 8 + 8 + 4 + payload.length)
                .put(DOMAIN)
                .put(origin.publicKey())
                .putShort((short) topicBytes.length)
                .put(topicBytes)
                .putLong(sequence)
                .putLong(timestamp.toEpochMilli())
                .putInt(payload.length)
                .put(payload)
                .array();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "SignedMessage[" + id.hex().substring(0, 12) + " from " + origin.shortForm() + " topic " + topic
                + " #" + sequence + "]";
    }
}
