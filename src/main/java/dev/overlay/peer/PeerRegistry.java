package dev.overlay.peer;

import dev.overlay.identity.NodeId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every live connection of this node, the slots they hold, and the recently closed ones.
 *
 * <p>Threading: the registry owns its maps. Mutations (register, admit, activate, remove) take the
 * registry's one private lock, because admission must check slots and duplicates and then claim the
 * slot atomically; they never do I/O under it. Reads go straight to the concurrent maps and never
 * block an event loop.
 *
 * <p>Duplicate rule: two connections to the same node are resolved the same way on both sides: the
 * connection opened by the node with the lower node id survives. If both were opened by the same node,
 * the newer one survives, since the opener only dials again after losing the older one.
 */
public final class PeerRegistry {

    private final NodeId self;
    private final Clock clock;
    private final int closedCapacity;
    private final Duration closedRetention;
    private final Object lock = new Object();
    private final AtomicLong connectionIds = new AtomicLong();

    private final ConcurrentHashMap<Long, Peer> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<NodeId, Peer> slots = new ConcurrentHashMap<>();
    private final Deque<ClosedPeer> closed = new ArrayDeque<>();
    private final Set<NodeId> reserved = ConcurrentHashMap.newKeySet();
    private volatile SlotLimits limits;

    public PeerRegistry(NodeId self, SlotLimits limits, int closedCapacity, Duration closedRetention, Clock clock) {
        this.self = self;
        this.limits = limits;
        this.closedCapacity = closedCapacity;
        this.closedRetention = closedRetention;
        this.clock = clock;
    }

    public NodeId self() {
        return self;
    }

    public int maxPeers() {
        return limits.maxPeers();
    }

    public SlotLimits limits() {
        return limits;
    }

    /** Takes effect for the next admission; existing peers are not dropped. */
    public void setLimits(SlotLimits limits) {
        this.limits = limits;
    }

    /** Node ids that may connect inbound even when the slots are full; a snapshot. */
    public Set<NodeId> reserved() {
        return Set.copyOf(reserved);
    }

    /** Lets {@code node} connect inbound even when the slots are full; takes effect at its next admission. */
    public void reserve(NodeId node) {
        reserved.add(node);
    }

    /** Withdraws a reservation; false if there was none. A connected node stays connected. */
    public boolean unreserve(NodeId node) {
        return reserved.remove(node);
    }

    /** Records a new connection; the link lets the registry's users close it. */
    public Peer register(Direction direction, Endpoint remoteAddress, PeerLink link) {
        Peer peer = new Peer(connectionIds.incrementAndGet(), direction, remoteAddress, link);
        connections.put(peer.connectionId(), peer);
        return peer;
    }

    /** Claims a slot for an identified peer, applying the self, duplicate and slot rules. */
    public Admission admit(Peer peer) {
        NodeId remote = peer.nodeId().orElseThrow(() -> new IllegalStateException("admit needs an identified peer"));
        if (remote.equals(self)) {
            return Admission.rejected(Admission.Outcome.SELF);
        }
        synchronized (lock) {
            if (peer.state() == PeerState.CLOSING || peer.state() == PeerState.CLOSED) {
                return Admission.rejected(Admission.Outcome.DUPLICATE);
            }
            Peer existing = slots.get(remote);
            if (existing != null && existing != peer) {
                if (!survivesAgainst(peer, existing)) {
                    return Admission.rejected(Admission.Outcome.DUPLICATE);
                }
                if (turnsOutboundIntoExcessInbound(peer, existing, remote)) {
                    // Refusing keeps the older connection on both sides: the dialer's attempt just fails.
                    return Admission.rejected(Admission.Outcome.SLOTS_FULL);
                }
                slots.put(remote, peer);
                return Admission.replacing(existing);
            }
            Admission.Outcome refusal = slotRefusal(peer, remote);
            if (refusal != null) {
                return Admission.rejected(refusal);
            }
            slots.put(remote, peer);
            return Admission.admitted();
        }
    }

    /**
     * Whether replacing {@code existing} by {@code candidate} would trade one of our outbound slots for
     * an inbound one beyond the inbound limit. Called under the lock.
     */
    private boolean turnsOutboundIntoExcessInbound(Peer candidate, Peer existing, NodeId remote) {
        return candidate.direction() == Direction.INBOUND && existing.direction() == Direction.OUTBOUND
                && !reserved.contains(remote) && inboundHolding() >= limits.maxInbound();
    }

    /** Why an inbound connection refused for slots was refused, in the words of {@link SlotLimits#inboundRefusal}. */
    public String inboundRefusal() {
        return limits.inboundRefusal(inboundHolding(), slots.size());
    }

    private long inboundHolding() {
        return slots.values().stream()
                .filter(p -> p.direction() == Direction.INBOUND && !reserved.contains(p.nodeId().orElse(null)))
                .count();
    }

    /** Why a new peer gets no slot, or null if it gets one. Called under the lock. */
    private Admission.Outcome slotRefusal(Peer peer, NodeId remote) {
        SlotLimits current = limits;
        if (peer.direction() == Direction.OUTBOUND) {
            return slots.size() >= current.maxPeers() ? Admission.Outcome.SLOTS_FULL : null;
        }
        if (reserved.contains(remote)) {
            return null;
        }
        long inbound = 0;
        long sameSource = 0;
        SourceAddress source = peer.source();
        for (Peer other : slots.values()) {
            if (other.direction() == Direction.INBOUND && !reserved.contains(other.nodeId().orElse(null))) {
                inbound++;
                if (other.source().equals(source)) {
                    sameSource++;
                }
            }
        }
        if (slots.size() >= current.maxPeers() || inbound >= current.maxInbound()) {
            return Admission.Outcome.SLOTS_FULL;
        }
        return sameSource >= current.maxInboundPerIp() ? Admission.Outcome.ADDRESS_LIMIT : null;
    }

    private boolean survivesAgainst(Peer candidate, Peer existing) {
        NodeId candidateOpener = candidate.initiator(self);
        NodeId existingOpener = existing.initiator(self);
        if (candidateOpener.equals(existingOpener)) {
            return true;
        }
        return candidateOpener.compareTo(existingOpener) < 0;
    }

    /** Whether a new connection to {@code node} would be pointless because one is already active. */
    public boolean isActive(NodeId node) {
        Peer peer = slots.get(node);
        return peer != null && peer.state() == PeerState.ACTIVE;
    }

    /** Marks an admitted peer active; false if it lost its slot meanwhile (displaced or closing). */
    public boolean activate(Peer peer) {
        synchronized (lock) {
            if (peer.state() == PeerState.HANDSHAKING && peer.nodeId().map(id -> slots.get(id) == peer).orElse(false)) {
                peer.markActive(clock.instant());
                return true;
            }
            return false;
        }
    }

    /**
     * Releases the connection's slot and moves it to the recently-closed list. Idempotent: true only
     * for the call that removed it.
     */
    public boolean remove(Peer peer) {
        synchronized (lock) {
            if (!connections.containsKey(peer.connectionId())) {
                return false;
            }
            peer.markClosed(new Disconnect(DisconnectReason.CONNECTION_LOST, DisconnectOrigin.LOCAL,
                    "connection closed", clock.instant()));
            closed.addFirst(ClosedPeer.of(peer));
            while (closed.size() > closedCapacity) {
                closed.removeLast();
            }
            // Removed last, so a reader that no longer sees the connection already finds it listed as closed.
            peer.nodeId().ifPresent(id -> slots.remove(id, peer));
            connections.remove(peer.connectionId());
            return true;
        }
    }

    /** Disconnects the peer holding {@code node}'s slot; false if there is none. */
    public boolean disconnect(NodeId node, DisconnectReason reason, String detail) {
        Peer peer = slots.get(node);
        if (peer == null) {
            return false;
        }
        peer.disconnect(reason, detail);
        return true;
    }

    public Optional<Peer> find(NodeId node) {
        return Optional.ofNullable(slots.get(node));
    }

    /** Every live connection, including those still handshaking. */
    public Collection<Peer> connections() {
        return List.copyOf(connections.values());
    }

    public List<Peer> active() {
        return slots.values().stream().filter(p -> p.state() == PeerState.ACTIVE).toList();
    }

    public int activeCount() {
        return (int) slots.values().stream().filter(p -> p.state() == PeerState.ACTIVE).count();
    }

    public int usedSlots() {
        return slots.size();
    }

    public boolean slotsFull() {
        return slots.size() >= limits.maxPeers();
    }

    /**
     * Whether a new inbound peer (not reserved, from a new source) would find a slot now: what decides
     * if the node advertises itself in its gossip.
     */
    public boolean acceptsInbound() {
        synchronized (lock) {
            return slots.size() < limits.maxPeers() && inboundHolding() < limits.maxInbound();
        }
    }

    /** Active outbound peers. */
    public int outboundCount() {
        return (int) slots.values().stream()
                .filter(p -> p.direction() == Direction.OUTBOUND && p.state() == PeerState.ACTIVE).count();
    }

    /** Active inbound peers. */
    public int inboundCount() {
        return (int) slots.values().stream()
                .filter(p -> p.direction() == Direction.INBOUND && p.state() == PeerState.ACTIVE).count();
    }

    /** Recently closed connections, newest first, within the retention window. */
    public List<ClosedPeer> recentlyClosed() {
        Instant horizon = clock.instant().minus(closedRetention);
        synchronized (lock) {
            closed.removeIf(c -> c.disconnect().at().isBefore(horizon));
            return List.copyOf(closed);
        }
    }
}
