package dev.overlay.api;

import java.time.Instant;
import java.util.Map;

/**
 * One lifecycle event on {@code GET /api/v1/events}.
 *
 * @param type {@code peer-activated}, {@code peer-disconnected}, {@code handshake-rejected},
 *     {@code slots-full}, {@code ban-added}, {@code ban-lifted}, {@code squelch-sent} or
 *     {@code squelch-lifted}
 * @param details what the event concerns (node ids, reasons, directions, addresses)
 */
public record OverlayEvent(String type, Instant at, Map<String, Object> details) {
}
