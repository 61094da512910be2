package dev.overlay.resource;

import java.time.Instant;

/**
 * A refusal of every connection from one IP address until {@code until}.
 *
 * @param address the IP address as text (IPv4 dotted, IPv6 lowercase without brackets)
 * @param reason why, for operators
 */
public record Ban(String address, Instant since, Instant until, String reason) {

    public boolean isActive(Instant now) {
        return until.isAfter(now);
    }
}
