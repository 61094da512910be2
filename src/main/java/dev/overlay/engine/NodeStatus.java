package dev.overlay.engine;

import dev.overlay.identity.NodeId;
import dev.overlay.peer.Endpoint;
import dev.overlay.peer.PeerRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Who this node is and whether it is up: identity, network, the bound peer port, uptime, health. What
 * the API, monitoring and the peer port's {@code /health} and {@code /crawl} report.
 *
 * <p>Threading: read from any thread; the start time is volatile, the rest is read live from
 * thread-safe sources.
 */
public final class NodeStatus {

    private final NodeId nodeId;
    private final EngineSettings settings;
    private final PeerRegistry registry;
    private final Clock clock;
    private final OverlayEngine engine;
    private volatile Instant startedAt;

    NodeStatus(NodeId nodeId, EngineSettings settings, PeerRegistry registry, Clock clock, OverlayEngine engine) {
        this.nodeId = nodeId;
        this.settings = settings;
        this.registry = registry;
        this.clock = clock;
        this.engine = engine;
    }

    void started() {
        startedAt = clock.instant();
    }

    public NodeId nodeId() {
        return nodeId;
    }

    public String networkId() {
        return settings.networkId();
    }

    /** The configured bind address of the peer port. */
    public String peerHost() {
        return settings.peerHost();
    }

    /** Where peers are told to reach this node ({@code overlay.advertised-endpoint}), if set. */
    public Optional<Endpoint> advertisedEndpoint() {
        return Optional.ofNullable(settings.advertisedEndpoint());
    }

    public String userAgent() {
        return settings.userAgent();
    }

    public int minPeers() {
        return settings.minPeers();
    }

    /** The overlay is healthy when it listens and at least {@code minPeers} peers are active. */
    public boolean isHealthy() {
        return isListening() && registry.activeCount() >= settings.minPeers();
    }

    public boolean isListening() {
        return engine.isListening();
    }

    /** Whether the I/O event loops can still run work; false once they shut down. */
    public boolean eventLoopsAlive() {
        return engine.eventLoopsAlive();
    }

    /** The bound peer port, or the configured one before start. */
    public int peerPort() {
        return engine.peerPort();
    }

    public Duration uptime() {
        Instant started = startedAt;
        return started == null ? Duration.ZERO : Duration.between(started, clock.instant());
    }

    public Instant now() {
        return clock.instant();
    }
}
