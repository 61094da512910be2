package dev.overlay.api;

import dev.overlay.relay.SignedMessage;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Body of {@code POST /api/v1/messages}. */
public record PublishRequest(
        @Schema(description = "1-64 characters of [A-Za-z0-9._/-]", example = "prices/eur")
        @NotNull @Pattern(regexp = "[A-Za-z0-9._/-]{1," + SignedMessage.MAX_TOPIC_LENGTH + "}",
                message = "must be 1-64 characters of [A-Za-z0-9._/-]") String topic,
        @Schema(description = "Payload, base64 (standard alphabet)", example = "aGVsbG8=")
        @NotNull String payload) {
}
