package dev.overlay.api;

import dev.overlay.relay.ReceivedMessage;
import dev.overlay.relay.SignedMessage;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Base64;

/** A delivered message as the API shows it. */
public record MessageView(
        @Schema(description = "SHA-256 of the signed content, hex") String id,
        @Schema(description = "Node id of the publisher") String origin,
        String topic,
        long sequence,
        Instant timestamp,
        @Schema(description = "Payload, base64") String payload,
        @Schema(description = "When this node delivered it, to the millisecond (as the message log keeps it)")
        Instant receivedAt,
        @Schema(description = "Peer that delivered the first copy; null for this node's own messages")
        String fromPeer) {

    static MessageView of(ReceivedMessage received) {
        SignedMessage m = received.message();
        return new MessageView(m.id().hex(), m.origin().hex(), m.topic(), m.sequence(), m.timestamp(),
                Base64.getEncoder().encodeToString(m.payload()), received.receivedAt(),
                received.fromPeer().map(Object::toString).orElse(null));
    }
}
