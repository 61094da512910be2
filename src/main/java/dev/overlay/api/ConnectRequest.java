package dev.overlay.api;

import dev.overlay.peer.Endpoint;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/peers}. */
public record ConnectRequest(
        @Schema(description = "Peer endpoint as host:port (IPv6 in brackets)", example = "127.0.0.1:51235")
        @NotBlank @Size(max = Endpoint.MAX_TEXT_LENGTH) String endpoint) {
}
