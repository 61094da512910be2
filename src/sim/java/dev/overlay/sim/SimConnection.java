package dev.overlay.sim;

/**
 * One simulated TCP connection between a dialer and a listener: its one-way delay, whether it is
 * still open, and the latest arrival time in each direction, so frames on one connection arrive in
 * the order they were sent (a retransmitted frame holds back the ones behind it, as TCP does).
 *
 * <p>Threading: confined to the simulation's single thread.
 */
final class SimConnection {

    final int dialer;
    final int listener;
    final long delayMicros;
    boolean open = true;
    SimLink dialerSide;
    SimLink listenerSide;
    private long lastArrivalAtListener;
    private long lastArrivalAtDialer;

    SimConnection(int dialer, int listener, long delayMicros) {
        this.dialer = dialer;
        this.listener = listener;
        this.delayMicros = delayMicros;
    }

    /** The arrival time of a frame sent by {@code from}, no earlier than the frame before it. */
    long inOrder(int from, long arrival) {
        if (from == dialer) {
            lastArrivalAtListener = Math.max(lastArrivalAtListener, arrival);
            return lastArrivalAtListener;
        }
        lastArrivalAtDialer = Math.max(lastArrivalAtDialer, arrival);
        return lastArrivalAtDialer;
    }
}
