package dev.overlay.peer;

import java.time.Instant;

/** How and when a connection ended. */
public record Disconnect(DisconnectReason reason, DisconnectOrigin origin, String detail, Instant at) {
}
