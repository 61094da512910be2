package dev.overlay.peer;

import dev.overlay.identity.NodeId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection to a remote node, from the first TCP packet to the recently-closed list.
 *
 * <p><b>Traffic counters.</b> Messages are frames, counted as they are queued or decoded. Bytes are
 * what the connection's socket carried, TLS records as on the wire, from the first byte of the TLS
 * handshake on: the handshake and the upgrade, then frames with their record overhead. So a peer's
 * bytes exceed the frame bytes of its messages, and what one side sent is what the other received.
 *
 * <p>Threading: the connection's event loop is the only writer of the handshake results, state,
 * latency and byte counters (the engine's handlers call the mutators there); {@link PeerRegistry}
 * writes the state only under its lock when it admits or removes the peer. Outbound messages are
 * counted by whichever thread queues them (event loop or relay), hence atomic counters. Every field is
 * volatile or atomic, so API and monitoring threads read a consistent-enough snapshot without locking.
 */
public final class Peer {

    private final long connectionId;
    private final Direction direction;
    private final Endpoint remoteAddress;
    private final PeerLink link;

    /** Parsed on first use and kept: the registry compares it for every inbound admission. */
    private volatile SourceAddress source;
    private volatile PeerState state;
    private volatile NodeId nodeId;
    private volatile Endpoint listeningEndpoint;
    private volatile NegotiatedProtocol protocol;
    private volatile String userAgent;
    private volatile Instant activeSince;
    private volatile Duration latency;
    private volatile Disconnect disconnect;

    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong invalidMessages = new AtomicLong();

    public Peer(long connectionId, Direction direction, Endpoint remoteAddress, PeerLink link) {
        this.connectionId = connectionId;
        this.direction = direction;
        this.remoteAddress = remoteAddress;
        this.link = link;
        this.state = direction == Direction.OUTBOUND ? PeerState.CONNECTING : PeerState.HANDSHAKING;
    }

    public long connectionId() {
        return connectionId;
    }

    public Direction direction() {
        return direction;
    }

    public Endpoint remoteAddress() {
        return remoteAddress;
    }

    /**
     * The source per-address rules apply to: the remote IPv4 address or IPv6 /64. A connection's remote
     * address is always an IP literal (taken from its socket).
     */
    public SourceAddress source() {
        SourceAddress parsed = source;
        if (parsed == null) {
            parsed = SourceAddress.parse(remoteAddress.host());
            source = parsed;
        }
        return parsed;
    }

    public PeerState state() {
        return state;
    }

    public Optional<NodeId> nodeId() {
        return Optional.ofNullable(nodeId);
    }

    public Optional<Endpoint> listeningEndpoint() {
        return Optional.ofNullable(listeningEndpoint);
    }

    public Optional<NegotiatedProtocol> protocol() {
        return Optional.ofNullable(protocol);
    }

    public Optional<String> userAgent() {
        return Optional.ofNullable(userAgent);
    }

    public Optional<Instant> activeSince() {
        return Optional.ofNullable(activeSince);
    }

    /** Smoothed round-trip time of pings, empty until the first pong. */
    public Optional<Duration> latency() {
        return Optional.ofNullable(latency);
    }

    public Optional<Disconnect> disconnect() {
        return Optional.ofNullable(disconnect);
    }

    /** Frames received from this peer. */
    public long messagesIn() {
        return messagesIn.get();
    }

    /** Frames queued for this peer. */
    public long messagesOut() {
        return messagesOut.get();
    }

    /** Bytes read from this connection's socket, TLS handshake and upgrade included. */
    public long bytesIn() {
        return bytesIn.get();
    }

    /** Bytes written to this connection's socket, TLS handshake and upgrade included. */
    public long bytesOut() {
        return bytesOut.get();
    }

    /** The node that opened this connection, which the duplicate-connection rule compares. */
    NodeId initiator(NodeId self) {
        return direction == Direction.OUTBOUND ? self : nodeId;
    }

    /** Messages from this peer with a bad signature or shape, never relayed. */
    public long invalidMessages() {
        return invalidMessages.get();
    }

    public void recordInvalidMessage() {
        invalidMessages.incrementAndGet();
    }

    /** Outbound bytes waiting to be sent to this peer right now. */
    public long queuedBytes() {
        return link.queuedBytes();
    }

    /** The transport behind this peer; the engine that created it knows its concrete type. */
    public PeerLink link() {
        return link;
    }

    public void disconnect(DisconnectReason reason, String detail) {
        link.disconnect(reason, detail);
    }

    public void markHandshaking() {
        if (state == PeerState.CONNECTING) {
            state = PeerState.HANDSHAKING;
        }
    }

    /** Records what the handshake established; called once, before admission. */
    public void identify(NodeId nodeId, Endpoint listeningEndpoint, NegotiatedProtocol protocol, String userAgent) {
        this.nodeId = nodeId;
        this.listeningEndpoint = listeningEndpoint;
        this.protocol = protocol;
        this.userAgent = userAgent;
    }

    void markActive(Instant now) {
        this.activeSince = now;
        this.state = PeerState.ACTIVE;
    }

    /** Marks the close decided; only the first disconnect of a connection counts. */
    public boolean markClosing(Disconnect disconnect) {
        if (this.disconnect != null || state == PeerState.CLOSED) {
            return false;
        }
        this.disconnect = disconnect;
        this.state = PeerState.CLOSING;
        return true;
    }

    void markClosed(Disconnect fallback) {
        if (this.disconnect == null) {
            this.disconnect = fallback;
        }
        this.state = PeerState.CLOSED;
    }

    /** Smooths like rippled: (7 * old + sample) / 8, so one slow pong does not swing the figure. */
    public void recordLatency(Duration sample) {
        Duration previous = latency;
        latency = previous == null ? sample : previous.multipliedBy(7).plus(sample).dividedBy(8);
    }

    public void recordMessageIn() {
        messagesIn.incrementAndGet();
    }

    public void recordMessageOut() {
        messagesOut.incrementAndGet();
    }

    public void recordBytesIn(int wireBytes) {
        bytesIn.addAndGet(wireBytes);
    }

    public void recordBytesOut(int wireBytes) {
        bytesOut.addAndGet(wireBytes);
    }

    @Override
    public String toString() {
        NodeId id = nodeId;
        return "Peer[" + connectionId + " " + direction.name().toLowerCase() + " " + remoteAddress
                + (id == null ? "" : " " + id.shortForm()) + " " + state + "]";
    }
}
