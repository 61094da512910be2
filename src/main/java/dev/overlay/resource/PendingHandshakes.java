package dev.overlay.resource;

import dev.overlay.peer.SourceAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The connections accepted and not yet upgraded, bounded so that stalled handshakes cannot lock
 * honest newcomers out (docs/PROTOCOL.md 2.3). Two rules keep room:
 *
 * <ul>
 *   <li>a source (IPv4 address, IPv6 /64) may hold at most {@code perSource} pending handshakes; a
 *       newcomer beyond that is refused;</li>
 *   <li>when the table is full, the newcomer is not refused: the oldest pending handshake of the most
 *       represented network (IPv4 /24, IPv6 /64) is evicted to make room. Whoever stalls many
 *       handshakes from few networks loses their own oldest ones, while a peer from any other network
 *       gets in, and an honest handshake, done in a few round trips, is rarely the oldest of anything.</li>
 * </ul>
 *
 * <p>Threading: thread-safe; every method holds the instance lock, briefly and without I/O (accepts
 * arrive on several event loops). The caller closes evicted connections after {@link #admit} returns.
 *
 * @param <H> what the caller needs to close an evicted connection
 */
public final class PendingHandshakes<H> {

    /** One pending handshake; pass it to {@link #ended} once the connection upgraded or closed. */
    public static final class Ticket<H> {
        private final SourceAddress source;
        private final InetAddress network;
        private final H handle;
        private final long arrival;
        private boolean pending = true;

        private Ticket(SourceAddress source, InetAddress network, H handle, long arrival) {
            this.source = source;
            this.network = network;
            this.handle = handle;
            this.arrival = arrival;
        }
    }

    /**
     * The answer to a newcomer.
     *
     * @param ticket present if admitted
     * @param evicted the connection to close to make room, if any
     */
    public record Admission<H>(Optional<Ticket<H>> ticket, Optional<H> evicted) {

        public boolean admitted() {
            return ticket.isPresent();
        }
    }

    private static final int IPV4_NETWORK_BYTES = 3;

    private final Map<SourceAddress, Integer> bySource = new HashMap<>();
    /** Oldest first within each network. */
    private final Map<InetAddress, Deque<Ticket<H>>> byNetwork = new HashMap<>();
    private int size;
    private long arrivals;

    /**
     * Admits a newcomer from {@code source} unless that source already holds {@code perSource} pending
     * handshakes; if the table already holds {@code capacity}, evicts one as the class describes.
     */
    public synchronized Admission<H> admit(SourceAddress source, H handle, int capacity, int perSource) {
        if (bySource.getOrDefault(source, 0) >= perSource) {
            return new Admission<>(Optional.empty(), Optional.empty());
        }
        Optional<H> evicted = Optional.empty();
        if (size >= capacity) {
            Ticket<H> oldest = mostRepresentedNetwork().peekFirst();
            remove(oldest);
            evicted = Optional.of(oldest.handle);
        }
        Ticket<H> ticket = new Ticket<>(source, networkOf(source), handle, arrivals++);
        byNetwork.computeIfAbsent(ticket.network, n -> new ArrayDeque<>()).addLast(ticket);
        bySource.merge(source, 1, Integer::sum);
        size++;
        return new Admission<>(Optional.of(ticket), evicted);
    }

    /** The handshake ended (upgraded, refused, evicted or closed); a second call does nothing. */
    public synchronized void ended(Ticket<H> ticket) {
        if (ticket.pending) {
            remove(ticket);
        }
    }

    public synchronized int size() {
        return size;
    }

    /** The network with the most pending handshakes; of equals, the one whose oldest is oldest. */
    private Deque<Ticket<H>> mostRepresentedNetwork() {
        return byNetwork.values().stream()
                .max(Comparator.<Deque<Ticket<H>>>comparingInt(Deque::size)
                        .thenComparingLong(network -> -network.peekFirst().arrival))
                .orElseThrow();
    }

    private void remove(Ticket<H> ticket) {
        ticket.pending = false;
        Deque<Ticket<H>> network = byNetwork.get(ticket.network);
        network.remove(ticket);
        if (network.isEmpty()) {
            byNetwork.remove(ticket.network);
        }
        bySource.computeIfPresent(ticket.source, (s, n) -> n <= 1 ? null : n - 1);
        size--;
    }

    /** The /24 of an IPv4 source; an IPv6 source is already its /64. */
    private static InetAddress networkOf(SourceAddress source) {
        if (source.isIpv6()) {
            return source.network();
        }
        byte[] bytes = Arrays.copyOf(source.network().getAddress(), 4);
        Arrays.fill(bytes, IPV4_NETWORK_BYTES, bytes.length, (byte) 0);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalArgumentException(impossible); // a raw 4-byte address is always valid
        }
    }
}
