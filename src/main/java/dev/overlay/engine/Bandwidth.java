package dev.overlay.engine;

/**
 * Bandwidth caps in bytes per second; 0 means unlimited. Enforced by Netty's traffic shaping with
 * back-pressure: a peer over its read cap is not read from (TCP then slows the sender) rather than
 * buffered without bound, and writes over a cap wait.
 */
public record Bandwidth(long peerRead, long peerWrite, long totalRead, long totalWrite) {

    public static final Bandwidth UNLIMITED = new Bandwidth(0, 0, 0, 0);

    public Bandwidth {
        if (peerRead < 0 || peerWrite < 0 || totalRead < 0 || totalWrite < 0) {
            throw new IllegalArgumentException("bandwidth caps are bytes per second, 0 for none");
        }
    }
}
