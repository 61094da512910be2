package dev.overlay.engine;

import java.time.Duration;

/**
 * Per-peer bounds on queued outbound bytes (Netty write-buffer water marks). Above {@code highWater}
 * the channel is unwritable. Once the peer's socket leaves more than {@code lowWater} unsent, relayed
 * messages are shed above {@code highWater} queued bytes and messages this node originated above twice
 * that; control messages (ping, pong, squelch, endpoints, warnings, close) always go out. A peer that
 * stays unwritable for {@code slowTimeout} is disconnected as slow.
 *
 * @param lowWater queued bytes below which a channel becomes writable again
 * @param highWater queued bytes above which a channel becomes unwritable
 * @param slowTimeout how long a peer may stay unwritable
 */
public record SendQueueLimits(int lowWater, int highWater, Duration slowTimeout) {

    public SendQueueLimits {
        if (lowWater < 1 || highWater <= lowWater) {
            throw new IllegalArgumentException("send queue water marks need 0 < low < high");
        }
    }
}
