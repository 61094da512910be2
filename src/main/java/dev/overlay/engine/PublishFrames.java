package dev.overlay.engine;

import com.google.protobuf.ByteString;
import dev.overlay.protocol.proto.Publish;
import dev.overlay.relay.SignedMessage;

/**
 * Converts between signed messages and the {@code Publish} frame body (PROTOCOL.md 3.1). The one
 * place that knows the mapping, for the relay bridge and for tools that speak to a node directly.
 */
public final class PublishFrames {

    private PublishFrames() {
    }

    /** The frame body of {@code message} after {@code hops} hops. */
    public static Publish toWire(SignedMessage message, int hops) {
        return Publish.newBuilder()
                .setOrigin(ByteString.copyFrom(message.origin().publicKey()))
                .setTopic(message.topic())
                .setSequence(message.sequence())
                .setTimestampMillis(message.timestamp().toEpochMilli())
                .setPayload(ByteString.copyFrom(message.payloadBuffer()))
                .setSignature(ByteString.copyFrom(message.signature()))
                .setHops(hops)
                .build();
    }

    /**
     * The message a received frame body carries; the signature is not checked here.
     *
     * @throws IllegalArgumentException if a field is out of shape or the payload exceeds {@code maxPayloadSize}
     */
    public static SignedMessage fromWire(Publish publish, int maxPayloadSize) {
        return SignedMessage.fromWire(publish.getOrigin().toByteArray(), publish.getTopic(), publish.getSequence(),
                publish.getTimestampMillis(), publish.getPayload().toByteArray(), publish.getSignature().toByteArray(),
                maxPayloadSize);
    }
}
