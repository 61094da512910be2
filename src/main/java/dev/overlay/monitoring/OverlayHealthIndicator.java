package dev.overlay.monitoring;

import dev.overlay.engine.OverlayEngine;
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

    private final OverlayEngine engine;

    OverlayHealthIndicator(OverlayEngine engine) {
        this.engine = engine;
    }

    @Override
    public Health health() {
        int active = engine.registry().activeCount();
        int min = engine.settings().minPeers();
        boolean listening = engine.isListening();
        Health.Builder health = engine.isHealthy() ? Health.up() : Health.down();
        health.withDetail("listening", listening)
                .withDetail("peerPort", engine.peerPort())
                .withDetail("activePeers", active)
                .withDetail("minPeers", min)
                .withDetail("usedSlots", engine.registry().usedSlots())
                .withDetail("maxPeers", engine.registry().maxPeers())
                .withDetail("disconnectsLast5Minutes", engine.registry().recentlyClosed().stream()
                        .filter(c -> c.disconnect().at().isAfter(engine.clock().instant().minus(RECENT)))
                        .count())
                .withDetail("messageLogSize", engine.sync().log().size())
                .withDetail("messageLogBytes", engine.sync().log().bytes())
                .withDetail("messageLogOldest", engine.sync().log().oldest()
                        .map(m -> (Object) m.message().timestamp().toString()).orElse("none"));
        if (!listening) {
            health.withDetail("reason", "the peer port is not listening");
        } else if (active < min) {
            health.withDetail("reason", "fewer active peers than overlay.min-peers");
        }
        return health.build();
    }
}
