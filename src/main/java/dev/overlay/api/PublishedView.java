package dev.overlay.api;

import java.time.Instant;

/** The answer to a publish: the new message's id and envelope. */
public record PublishedView(String id, String origin, String topic, long sequence, Instant timestamp) {
}
