package dev.overlay.monitoring;

import dev.overlay.engine.NodeStatus;
import dev.overlay.peer.PeerRegistry;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code overlay} health component: UP while the engine listens and at least
 * {@code overlay.min-peers} peers are active.
 */
@Component("overlay")
class OverlayHealthIndicator implements HealthIndicator {

    private static final Duration RECENT = Duration.ofMinutes(5);

    private final NodeStatus status;
    private final PeerRegistry registry;

    OverlayHealthIndicator(NodeStatus status, PeerRegistry registry) {
        this.status = status;
        this.registry = registry;
    }

    @Override
    public Health health() {
        int active = registry.activeCount();
        int min = status.minPeers();
        boolean listening = status.isListening();
        Health.Builder health = status.isHealthy() ? Health.up() : Health.down();
        health.withDetail("listening", listening)
                .withDetail("peerPort", status.peerPort())
                .withDetail("activePeers", active)
                .withDetail("minPeers", min)
                .withDetail("usedSlots", registry.usedSlots())
                .withDetail("maxPeers", registry.maxPeers())
                .withDetail("disconnectsLast5Minutes", registry.recentlyClosed().stream()
                        .filter(c -> c.disconnect().at().isAfter(status.now().minus(RECENT)))
                        .count());
        if (!listening) {
            health.withDetail("reason", "the peer port is not listening");
        } else if (active < min) {
            health.withDetail("reason", "fewer active peers than overlay.min-peers");
        }
        return health.build();
    }
}
