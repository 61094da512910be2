package dev.overlay.resource;

import dev.overlay.peer.SourceAddress;
import java.time.Instant;

/**
 * A refusal of every connection from one source until {@code until}.
 *
 * @param address the banned IPv4 address or IPv6 /64 prefix
 * @param reason why, for operators
 */
public record Ban(SourceAddress address, Instant since, Instant until, String reason) {

    public boolean isActive(Instant now) {
        return until.isAfter(now);
    }
}
